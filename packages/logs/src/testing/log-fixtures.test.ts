import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  apacheErrorLog,
  type Cell,
  linuxSyslog,
  normalServerLog,
  renamedAuditWorkbookSheets,
  type Sheet,
  sshdAuthLog,
  toWorkbook,
} from './log-fixtures';

const col = (sheet: Sheet, name: string) => {
  const index = sheet.headers.indexOf(name);
  if (index < 0) throw new Error(`no column ${name}`);
  return (row: number): Cell => sheet.rows[row]?.[index] ?? null;
};

function expectWellFormed(sheet: Sheet, rows: number): void {
  expect(sheet.rows).toHaveLength(rows);
  const width = sheet.headers.length;
  const bad = sheet.rows.findIndex(
    (row) =>
      row.length !== width ||
      row.some((c) => c !== null && typeof c !== 'string' && !(typeof c === 'number' && Number.isFinite(c))),
  );
  expect(bad).toBe(-1);
  if (sheet.headers[0] === 'LineId')
    expect(sheet.rows.map((r) => r[0])).toEqual(sheet.rows.map((_, i) => i + 1));
}

/** Rows must be in time order; `key` turns a row into a string that sorts like its time. */
function expectChronological(sheet: Sheet, key: (row: number) => string): void {
  const keys = sheet.rows.map((_, i) => key(i));
  expect(keys.findIndex((k, i) => i > 0 && k < (keys[i - 1] ?? ''))).toBe(-1);
}

const rowsNotIn = (sheet: Sheet, excluded: number[]) => {
  const skip = new Set(excluded);
  return sheet.rows.flatMap((_, i) => (skip.has(i) ? [] : [i]));
};

describe('sshdAuthLog', () => {
  const log = sshdAuthLog();
  const content = col(log, 'Content');
  const pid = col(log, 'Pid');
  const { acceptedAfterBruteForceRow: accepted, bruteForceRows, attackerIps, targetedUsers } = log.truth;

  it('is 2,000 well-formed lines in time order, round the clock over about two days', () => {
    expectWellFormed(log, 2000);
    const day = col(log, 'Day');
    const time = col(log, 'Time');
    expectChronological(log, (i) => `${String(day(i)).padStart(2, '0')} ${time(i)}`);
    const hours = new Set(log.rows.map((_, i) => String(time(i)).slice(0, 2)));
    expect(hours.size).toBe(24);
    expect(new Set(log.rows.map((_, i) => day(i)))).toEqual(new Set([10, 11, 12]));
  });

  it('plants one accepted password from an attacker, for a guessed user, after its failures', () => {
    const match = /^Accepted password for (\S+) from (\S+) port \d+ ssh2$/.exec(String(content(accepted)));
    expect(match).not.toBeNull();
    const [, user = '', ip = ''] = match ?? [];
    expect(targetedUsers).toContain(user);
    expect(attackerIps).toContain(ip);
    expect(content(accepted + 1)).toBe(`pam_unix(sshd:session): session opened for user ${user} by (uid=0)`);
    expect(pid(accepted + 1)).toBe(pid(accepted));
    const earlier = bruteForceRows.filter((r) => r < accepted && String(content(r)).includes(ip));
    expect(earlier.some((r) => String(content(r)).startsWith(`Failed password for ${user} from ${ip}`))).toBe(
      true,
    );
    const acceptedFromAttackers = log.rows.filter((_, i) => {
      const text = String(content(i));
      return text.startsWith('Accepted') && attackerIps.some((a) => text.includes(`from ${a} `));
    });
    expect(acceptedFromAttackers).toHaveLength(1);
  });

  it('records ~300 brute-force lines over 20–40 minutes, and attacker addresses nowhere else', () => {
    expect(bruteForceRows.length).toBeGreaterThanOrEqual(280);
    expect(bruteForceRows.length).toBeLessThanOrEqual(320);
    const time = col(log, 'Time');
    const toSeconds = (row: number) => {
      const [h = 0, m = 0, s = 0] = String(time(row)).split(':').map(Number);
      return h * 3600 + m * 60 + s;
    };
    const minutes = (toSeconds(bruteForceRows.at(-1) ?? 0) - toSeconds(bruteForceRows[0] ?? 0)) / 60;
    expect(minutes).toBeGreaterThanOrEqual(20);
    expect(minutes).toBeLessThanOrEqual(40);
    expect(targetedUsers).toContain('root');
    const compromised = new Set([pid(accepted)]);
    const stray = rowsNotIn(log, bruteForceRows).filter(
      (i) => !compromised.has(pid(i)) && attackerIps.some((ip) => String(content(i)).includes(ip)),
    );
    expect(stray).toEqual([]);
  });

  it('has the routine noise of an internet-facing host', () => {
    const text = log.rows.map((_, i) => String(content(i)));
    const count = (re: RegExp) => text.filter((t) => re.test(t)).length;
    expect(count(/^Accepted publickey for \w+ from 10\./)).toBeGreaterThan(50);
    expect(count(/^Did not receive identification string from /)).toBeGreaterThan(2);
    expect(count(/POSSIBLE BREAK-IN ATTEMPT!$/)).toBeGreaterThan(20);
    expect(count(/^Invalid user \S+ from /)).toBeGreaterThan(
      bruteForceRows.filter((r) => /^Invalid/.test(text[r] ?? '')).length,
    );
  });
});

describe('linuxSyslog', () => {
  const log = linuxSyslog();
  const content = col(log, 'Content');
  const { rootConsoleLoginRows, anonymousFtpRows, unknownUserRows, noiseComponents } = log.truth;
  const planted = [...rootConsoleLoginRows, ...anonymousFtpRows, ...unknownUserRows];

  it('is 2,000 well-formed lines in time order', () => {
    expectWellFormed(log, 2000);
    const date = col(log, 'Date');
    const time = col(log, 'Time');
    expectChronological(log, (i) => `${String(date(i)).padStart(2, '0')} ${time(i)}`);
    expect(log.rows.filter((_, i) => col(log, 'Component')(i) === 'kernel').every((r) => r[6] === null)).toBe(
      true,
    );
  });

  it('puts each planted line where the truth says, and nowhere else', () => {
    const only = (rows: number[], re: RegExp) => {
      expect(rows.some((r) => re.test(String(content(r))))).toBe(true);
      expect(rowsNotIn(log, rows).filter((r) => re.test(String(content(r))))).toEqual([]);
    };
    only(rootConsoleLoginRows, /^ROOT LOGIN ON tty\d$|^session opened for user root by LOGIN/);
    only(anonymousFtpRows, /^ANONYMOUS FTP LOGIN FROM 84\.\d+\.\d+\.\d+, \(anonymous\)$/);
    only(unknownUserRows, /user unknown|User not known|^FAILED LOGIN/);
    expect(new Set(planted).size).toBe(planted.length);
    expect(unknownUserRows.length).toBeGreaterThanOrEqual(10);
  });

  it('names the components that log routine lines', () => {
    expect(noiseComponents).toEqual(
      expect.arrayContaining([
        'crond(pam_unix)',
        'su(pam_unix)',
        'kernel',
        'syslogd 1.4.1',
        'xinetd',
        'ftpd',
      ]),
    );
    const components = new Set(rowsNotIn(log, planted).map((i) => col(log, 'Component')(i)));
    expect(new Set(noiseComponents)).toEqual(components);
  });
});

describe('normalServerLog', () => {
  const log = normalServerLog();
  const stamp = col(log, 'timestamp');

  it('is 2,000 rows with ISO timestamps in order, at every hour of the day', () => {
    expectWellFormed(log, 2000);
    expect(log.rows.every((_, i) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(String(stamp(i))))).toBe(true);
    expectChronological(log, (i) => String(stamp(i)));
    expect(new Set(log.rows.map((_, i) => String(stamp(i)).slice(11, 13))).size).toBe(24);
    expect(new Set(log.rows.map((_, i) => col(log, 'level')(i)))).toEqual(new Set(['INFO', 'WARN', 'DEBUG']));
    expect(log.truth).toEqual({});
  });
});

describe('apacheErrorLog', () => {
  const log = apacheErrorLog();
  const time = col(log, 'Time');
  const content = col(log, 'Content');

  it('is 2,000 lines with ctime stamps in order, notice and error only', () => {
    expectWellFormed(log, 2000);
    const ctime = /^(Sun|Mon|Tue) Dec \d\d \d\d:\d\d:\d\d 2005$/;
    expect(log.rows.every((_, i) => ctime.test(String(time(i))))).toBe(true);
    expectChronological(log, (i) => String(time(i)).slice(8, 19));
    expect(new Set(log.rows.map((_, i) => col(log, 'Level')(i)))).toEqual(new Set(['notice', 'error']));
    expect(log.truth).toEqual({});
  });

  it('restarts around 04:00 each night', () => {
    const restarts = log.rows.flatMap((_, i) => (content(i) === 'caught SIGTERM, shutting down' ? [i] : []));
    expect(restarts.length).toBeGreaterThanOrEqual(2);
    for (const r of restarts) expect(String(time(r)).slice(11, 13)).toBe('04');
  });
});

describe('renamedAuditWorkbookSheets', () => {
  const { sheets, truth } = renamedAuditWorkbookSheets();

  it('has three sheets of 150–300 rows with one planted row each', () => {
    expect(sheets.map((s) => s.name)).toEqual(['Auth', 'Flows', 'Access']);
    for (const sheet of sheets) {
      expect(sheet.rows.length).toBeGreaterThanOrEqual(150);
      expect(sheet.rows.length).toBeLessThanOrEqual(300);
      expectWellFormed(sheet, sheet.rows.length);
    }
    expect(truth.planted.map((p) => [p.sheet, p.kind])).toEqual([
      ['Auth', 'brute_force'],
      ['Flows', 'exfiltration'],
      ['Access', 'bulk_export'],
    ]);
  });

  it('puts the planted rows where the truth says', () => {
    const [auth, flows, access] = sheets;
    const [a, f, x] = truth.planted.map((p) => p.rowIndex);
    expect(auth.rows[a ?? -1]).toEqual([
      'admin',
      expect.stringMatching(/T04:02:/),
      'login_failed',
      4200,
      expect.any(String),
    ]);
    expect(flows.rows[f ?? -1]).toEqual([
      expect.stringMatching(/T02:47:/),
      expect.stringMatching(/^10\./),
      expect.any(String),
      4444,
      4.8e9,
    ]);
    expect(access.rows[x ?? -1]).toEqual([
      expect.stringMatching(/^john\.doe@/),
      expect.stringMatching(/T03:15:/),
      15000,
      expect.any(String),
      'Moscow, Russia',
      'export_records',
    ]);
  });

  it('keeps every other row ordinary', () => {
    const [auth, flows, access] = sheets;
    const [a, f, x] = truth.planted.map((p) => p.rowIndex);
    const others = (s: Sheet, planted?: number) => s.rows.filter((_, i) => i !== planted);
    const hour = (iso: Cell | undefined) => Number(String(iso).slice(11, 13));
    const weekday = (iso: Cell | undefined) => new Date(`${String(iso).slice(0, 10)}T12:00:00Z`).getUTCDay();
    for (const [who, when, , count, origin] of others(auth, a)) {
      expect([who, count, origin]).toEqual([
        expect.any(String),
        expect.any(Number),
        expect.stringMatching(/^10\./),
      ]);
      expect(Number(count)).toBeLessThanOrEqual(2);
      expect(hour(when)).toBeGreaterThanOrEqual(8);
      expect([1, 2, 3, 4, 5]).toContain(weekday(when));
    }
    for (const [, src, dst, port, bytes] of others(flows, f)) {
      expect([src, dst]).toEqual([expect.stringMatching(/^10\./), expect.stringMatching(/^10\./)]);
      expect([443, 80, 53, 5432]).toContain(port);
      expect(Number(bytes)).toBeGreaterThanOrEqual(20_000);
      expect(Number(bytes)).toBeLessThanOrEqual(50_000);
    }
    for (const [, ts, qty, ip, where, op] of others(access, x)) {
      expect([ip, where]).toEqual([expect.stringMatching(/^10\./), 'Singapore']);
      expect(['view', 'search', 'update']).toContain(op);
      expect(Number(qty)).toBeGreaterThanOrEqual(40);
      expect(Number(qty)).toBeLessThanOrEqual(60);
      expect([1, 2, 3, 4, 5]).toContain(weekday(ts));
    }
  });
});

describe('determinism and toWorkbook', () => {
  it('returns identical output on every call', () => {
    for (const make of [
      sshdAuthLog,
      linuxSyslog,
      normalServerLog,
      apacheErrorLog,
      renamedAuditWorkbookSheets,
    ]) {
      expect(JSON.stringify(make())).toBe(JSON.stringify(make()));
    }
  });

  it('writes sheets to an .xlsx that reads back with headers first', async () => {
    const { sheets } = renamedAuditWorkbookSheets();
    const ssh = sshdAuthLog();
    const buffer = toWorkbook([ssh, ...sheets]);
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['sshd-auth', 'Auth', 'Flows', 'Access']);
    const first = wb.worksheets[0];
    expect(first?.rowCount).toBe(2001);
    expect(first?.getRow(1).getCell(7).value).toBe('Content');
    expect(first?.getRow(2).getCell(7).value).toBe(ssh.rows[0]?.[6]);
    expect(toWorkbook(ssh).equals(toWorkbook([ssh]))).toBe(true);
  });
});

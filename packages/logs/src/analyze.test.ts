import { analyzeTable, type Cell } from '@pynomaly/detection';
import { describe, expect, it } from 'vitest';
import { readActivity } from './activity';
import { analyzeSheet, type LogFinding } from './analyze';
import { modelTable } from './model-table';

const at = (minute: number, from = Date.UTC(2024, 2, 5)) => new Date(from + minute * 60_000).toISOString();

/**
 * A day of an sshd log: alice signing in and out every 15 minutes, an interactive root
 * login, and a brute force from one address over two sessions, one line of which reads
 * like nothing else in the log.
 */
function sshdDay() {
  const headers = ['Time', 'Pid', 'Content'];
  const rows: Cell[][] = [];
  for (let i = 0; i < 96; i++) {
    rows.push([
      at(i * 15),
      3000 + ((i * 131) % 900),
      i % 2
        ? 'Accepted publickey for alice from 10.0.0.5 port 50022 ssh2'
        : 'pam_unix(sshd:session): session closed for user alice',
    ]);
  }
  rows.splice(20, 0, [at(301), 2222, 'ROOT LOGIN ON tty2']);
  const attack: Cell[][] = Array.from({ length: 12 }, (_, k) => [
    at(600 + k / 2),
    k < 6 ? 7001 : 7051,
    `Failed password for root from 203.0.113.9 port ${41_000 + k} ssh2`,
  ]);
  attack.splice(3, 0, [
    at(601.2),
    7001,
    'fatal: Write failed: Connection reset by peer [preauth] kernel panic oops',
  ]);
  rows.splice(40, 0, ...attack);
  return { headers, rows, oddLine: 43, attackRows: Array.from({ length: 13 }, (_, k) => 40 + k) };
}

/** An audit table of four users; `hours` are the hours of the day its rows are written at. */
function auditTable(hours: number[]) {
  const headers = ['When', 'user', 'ip', 'action', 'bytes'];
  const users = ['alice', 'bob', 'carol', 'dave'];
  const actions = ['view_record', 'update_record', 'view_record', 'print_report'];
  const rows: Cell[][] = [];
  let k = 0;
  for (let day = 0; day < 3; day++) {
    for (const hour of hours) {
      rows.push([
        at(day * 1440 + hour * 60 + ((k * 17) % 60)),
        users[k % 4]!,
        `10.0.0.${(k % 6) + 10}`,
        actions[k % 4]!,
        1000 + ((k * 37) % 200),
      ]);
      k++;
    }
  }
  rows.push([at(3 * 1440 + 3 * 60 + 12), 'bob', '10.0.0.12', 'DROP TABLE patients', 1100]);
  return { headers, rows, dropRow: rows.length - 1 };
}

const BUSINESS_HOURS = [9, 10, 11, 12, 13, 14, 15, 16, 9, 10, 11, 12, 13, 14, 15, 16];
const ROUND_THE_CLOCK = Array.from({ length: 24 }, (_, h) => h);

/** The findings that stand for rule incidents (not the forest's bursts), by row. */
const ruleIncidents = (findings: LogFinding[]) =>
  findings
    .filter((f) => f.evidence.incident && f.evidence.incident.kind !== 'unusual_burst')
    .map((f) => ({ row: f.rowIndex, incident: f.evidence.incident }))
    .sort((a, b) => a.row - b.row);

describe('analyzeSheet: determinism', () => {
  it('gives deep-equal results for the same rows twice, leaving the rows as they were', () => {
    // Prepare
    const { headers, rows } = sshdDay();
    const copy = structuredClone(rows);

    // Act
    const first = analyzeSheet(headers, rows, { seed: 5 });
    const second = analyzeSheet(headers, rows, { seed: 5 });

    // Assess
    expect(second).toEqual(first);
    expect(rows).toEqual(copy);
  });

  it('finds the same incidents whatever the seed', () => {
    const { headers, rows } = sshdDay();

    const one = ruleIncidents(analyzeSheet(headers, rows, { seed: 1 }).findings);
    const other = ruleIncidents(analyzeSheet(headers, rows, { seed: 99 }).findings);

    expect(one.map((f) => f.incident?.kind)).toEqual(['privileged_login', 'brute_force']);
    expect(other).toEqual(one);
  });
});

describe('analyzeSheet: findings', () => {
  it('never returns more findings than maxFindings, keeping the strongest', () => {
    const { headers, rows } = sshdDay();
    const all = analyzeSheet(headers, rows, { seed: 1 }).findings;

    const capped = analyzeSheet(headers, rows, { seed: 1, maxFindings: 1 }).findings;

    expect(all.length).toBeGreaterThan(1);
    expect(capped).toEqual(all.slice(0, 1));
  });

  it("folds the forest's flag on a line of an incident into that incident", () => {
    // Prepare: the odd line of the brute force is one the forest flags on its own.
    const { headers, rows, oddLine, attackRows } = sshdDay();
    const table = modelTable(readActivity(headers, rows), headers, rows);
    const forest = analyzeTable(table, { seed: 1, maxAnomalies: rows.length });
    expect(forest.flagged.map((f) => f.rowIndex)).toContain(oddLine);

    // Act
    const { findings } = analyzeSheet(headers, rows, { seed: 1 });

    // Assess
    expect(findings.map((f) => f.rowIndex)).not.toContain(oddLine);
    const bruteForce = findings.find((f) => f.evidence.incident?.kind === 'brute_force');
    expect(bruteForce?.evidence.incident?.rows).toEqual(attackRows.map((r) => r + 2));
  });

  it('still gives one finding per incident', () => {
    const { headers, rows } = sshdDay();

    const { findings } = analyzeSheet(headers, rows, { seed: 1 });

    expect(findings.filter((f) => f.evidence.incident?.kind === 'brute_force')).toHaveLength(1);
  });
});

describe('analyzeSheet: evidence', () => {
  it('gives no usual hours for a log written round the clock', () => {
    const { headers, rows, dropRow } = auditTable(ROUND_THE_CLOCK);

    const { findings } = analyzeSheet(headers, rows, { seed: 7 });

    const drop = findings.find((f) => f.rowIndex === dropRow);
    expect(drop?.evidence.timing).toMatchObject({ clock: '03:12', usual_hours: null, outside_minutes: 0 });
  });

  it('measures a 03:00 row against the business hours of the table', () => {
    const { headers, rows, dropRow } = auditTable(BUSINESS_HOURS);

    const { findings } = analyzeSheet(headers, rows, { seed: 7 });

    const drop = findings.find((f) => f.rowIndex === dropRow);
    expect(drop?.evidence.incident?.kind).toBe('destructive');
    expect(drop?.evidence.timing).toMatchObject({
      clock: '03:12',
      usual_hours: '09:00-17:00',
      basis: 'sheet',
    });
    expect(drop?.evidence.timing?.outside_minutes).toBeGreaterThan(0);
  });

  it('names the kind each column holds, read from its values', () => {
    const { headers, rows, dropRow } = auditTable(BUSINESS_HOURS);

    const { findings, columns } = analyzeSheet(headers, rows, { seed: 7 });

    const expected = { When: 'timestamp', user: 'user', ip: 'ip', action: 'category', bytes: 'quantity' };
    expect(findings.find((f) => f.rowIndex === dropRow)?.evidence.columns).toEqual(expected);
    expect(Object.fromEntries(columns.map((c) => [c.name, c.kind]))).toEqual(expected);
  });
});

describe('analyzeSheet: tiny sheets', () => {
  const headers = ['When', 'user', 'action'];

  it('reads a one-row sheet without throwing', () => {
    const rows: Cell[][] = [[at(180), 'bob', 'DROP TABLE patients']];

    const { findings } = analyzeSheet(headers, rows, { seed: 1 });

    expect(findings.map((f) => f.evidence.incident?.kind)).toEqual(['destructive']);
  });

  it('reads a three-row sheet without throwing', () => {
    const rows: Cell[][] = [
      [at(600), 'bob', 'view_record'],
      [at(601), 'ann', 'view_record'],
      [at(602), 'bob', 'view_record'],
    ];

    expect(() => analyzeSheet(headers, rows, { seed: 1 })).not.toThrow();
  });
});

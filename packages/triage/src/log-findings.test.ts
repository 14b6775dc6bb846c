import { analyzeSheet, type LogFinding } from '@pynomaly/logs';
import { describe, expect, it } from 'vitest';
import {
  apacheErrorLog,
  linuxSyslog,
  normalServerLog,
  renamedAuditWorkbookSheets,
  type Sheet,
  sshdAuthLog,
} from '../../logs/src/testing/log-fixtures';
import { triageAnomaly } from './engine';
import type { Triage } from './schema';

/**
 * The log analysis and the rules engine together, on generated logs written before the
 * rules and independently of them (packages/logs/src/testing): what an analyst would get.
 */
interface Triaged {
  finding: LogFinding;
  triage: Triage;
  /** 0-based rows the finding covers: its row, or every row of its incident. */
  covers: Set<number>;
}

function analyse(sheet: Sheet): Triaged[] {
  const { findings } = analyzeSheet(sheet.headers, sheet.rows, { seed: 7 });
  return findings.map((finding) => {
    const raw_data = Object.fromEntries(
      sheet.headers.map((h, i) => [h, sheet.rows[finding.rowIndex]?.[i] ?? null]),
    );
    const triage = triageAnomaly(
      {
        id: `a${finding.rowIndex}`,
        dataset_id: 'd',
        sheet_name: sheet.name,
        row_index: finding.rowIndex + 2,
        anomaly_score: Math.round(finding.score * 10_000) / 10_000,
        raw_data,
        anomalous_features: finding.features,
        evidence: finding.evidence,
      },
      { now: new Date('2026-01-01T00:00:00Z'), similarIncidentsCount: 0 },
    );
    const rows = finding.evidence.incident?.rows.map((r) => r - 2) ?? [finding.rowIndex];
    return { finding, triage, covers: new Set([finding.rowIndex, ...rows]) };
  });
}

const severe = (t: Triaged) => t.triage.severity === 'high' || t.triage.severity === 'critical';

describe('an sshd auth log with a brute force and one accepted login after it', () => {
  const log = sshdAuthLog();
  const found = analyse(log);

  it('flags the accepted login high or critical, naming Initial Access and Credential Access', () => {
    const login = found.find((f) => f.finding.rowIndex === log.truth.acceptedAfterBruteForceRow);
    expect(login).toBeDefined();
    expect(severe(login!)).toBe(true);
    expect(login!.triage.threat_context.mitre_tactics).toEqual(expect.arrayContaining(['TA0001', 'TA0006']));
  });

  it('reports the brute force as incidents carrying the attacking IPs, not as one alert per line', () => {
    const bursts = found.filter((f) => f.finding.evidence.incident?.kind === 'brute_force');
    expect(bursts.length).toBeGreaterThan(0);
    expect(bursts.length).toBeLessThanOrEqual(log.truth.attackerIps.length);
    const indicators = bursts.flatMap((b) => b.triage.threat_context.indicators_of_compromise).join('\n');
    for (const ip of log.truth.attackerIps) expect(indicators).toContain(ip);
    const covered = new Set(bursts.flatMap((b) => [...b.covers]));
    const share =
      log.truth.bruteForceRows.filter((r) => covered.has(r)).length / log.truth.bruteForceRows.length;
    expect(share).toBeGreaterThan(0.9);
    for (const b of bursts)
      expect(b.triage.threat_context.threat_type).toBe('Credential Access - Brute Force');
  });

  it('flags at most 5 % of lines', () => {
    expect(found.length).toBeLessThanOrEqual(0.05 * log.rows.length);
  });
});

describe('a sign-in from elsewhere in the middle of a brute force', () => {
  it('is flagged for review as Initial Access, medium, without being called the attacker', () => {
    const log = sshdAuthLog();
    const during = log.truth.bruteForceRows[100]!;
    const row = [...log.rows[during]!];
    row[5] = 98_765;
    row[6] = 'Accepted password for carol from 81.2.69.160 port 50211 ssh2';
    const rows = [...log.rows.slice(0, during + 1), row, ...log.rows.slice(during + 1)];
    const found = analyse({ ...log, rows });
    const hit = found.find((f) => f.finding.rowIndex === during + 1);
    expect(hit?.finding.evidence.incident?.kind).toBe('success_during_attack');
    expect(hit?.triage.severity).toBe('medium');
    expect(hit?.triage.threat_context.mitre_tactics).toContain('TA0001');
  });
});

describe('a Linux syslog with a root console login, an anonymous FTP login and unknown-user failures', () => {
  const log = linuxSyslog();
  const found = analyse(log);
  const covered = new Set(found.flatMap((f) => [...f.covers]));

  it.each([
    ['root console login', log.truth.rootConsoleLoginRows],
    ['anonymous FTP login', log.truth.anonymousFtpRows],
    ['unknown-user failures', log.truth.unknownUserRows],
  ])('flags the %s', (_, rows) => {
    expect(rows.some((r) => covered.has(r))).toBe(true);
  });

  it('leaves the cron, su, kernel and daemon noise alone', () => {
    const planted = new Set([
      ...log.truth.rootConsoleLoginRows,
      ...log.truth.anonymousFtpRows,
      ...log.truth.unknownUserRows,
    ]);
    const noise = found.filter((f) => !planted.has(f.finding.rowIndex));
    expect(noise.length).toBeLessThanOrEqual(0.01 * log.rows.length);
    expect(noise.filter(severe)).toEqual([]);
  });
});

describe.each([
  ['an ordinary round-the-clock service log', normalServerLog()],
  ['an Apache error log with nightly restarts', apacheErrorLog()],
])('%s with no incident', (_, log) => {
  const found = analyse(log);

  it('flags at most 1 % of rows and nothing high or critical', () => {
    expect(found.length).toBeLessThanOrEqual(0.01 * log.rows.length);
    expect(found.filter(severe)).toEqual([]);
  });

  it('never calls a time "off-hours" in a log with no quiet hours', () => {
    const reasons = found.flatMap((f) => f.triage.reasoning).join('\n');
    expect(reasons).not.toMatch(/usually active|business hours/);
  });
});

describe('a workbook whose column names say nothing', () => {
  const book = renamedAuditWorkbookSheets();
  const bySheet = new Map(book.sheets.map((s) => [s.name, analyse(s)]));
  const plantedIn = (sheet: string) =>
    book.truth.planted.filter((p) => p.sheet === sheet).map((p) => p.rowIndex);

  it('finds every planted row and rates it high or critical', () => {
    for (const p of book.truth.planted) {
      const hit = bySheet.get(p.sheet)?.find((f) => f.covers.has(p.rowIndex));
      expect(hit, `${p.sheet} row ${p.rowIndex}`).toBeDefined();
      expect(severe(hit!), `${p.sheet} row ${p.rowIndex} severity`).toBe(true);
    }
  });

  it('types a failed-login count as brute force, never as data exfiltration', () => {
    const [row] = plantedIn('Auth');
    const hit = bySheet.get('Auth')?.find((f) => f.covers.has(row!));
    expect(hit?.triage.threat_context.threat_type).toBe('Credential Access - Brute Force');
  });

  it('reads a 4.8 GB transfer to a rare external host on port 4444 as exfiltration and C2 with the host as an indicator', () => {
    const [row] = plantedIn('Flows');
    const hit = bySheet.get('Flows')?.find((f) => f.covers.has(row!));
    const { mitre_tactics, indicators_of_compromise } = hit!.triage.threat_context;
    expect(mitre_tactics).toEqual(expect.arrayContaining(['TA0010', 'TA0011']));
    const destination = String(book.sheets.find((s) => s.name === 'Flows')!.rows[row!]![2]);
    expect(indicators_of_compromise.join('\n')).toContain(destination);
    expect(indicators_of_compromise.join('\n')).not.toMatch(/quantity|usual volume.*port/i);
  });

  it('rates at most a quarter of the other findings high or critical', () => {
    const others = [...bySheet.entries()].flatMap(([sheet, f]) =>
      f.filter((x) => !plantedIn(sheet).some((r) => x.covers.has(r))),
    );
    expect(others.filter(severe).length).toBeLessThanOrEqual(others.length / 4);
  });
});

describe('a flow table with a port scan', () => {
  it('shows the scan as one reconnaissance incident, medium on its own', () => {
    const pad = (n: number) => String(n).padStart(2, '0');
    const at = (minute: number) => `2024-05-06T${pad(8 + Math.floor(minute / 60))}:${pad(minute % 60)}:00`;
    const rows: Sheet['rows'] = Array.from({ length: 300 }, (_, i) => [
      at(i),
      `10.1.0.${10 + (i % 40)}`,
      `10.2.0.${1 + (i % 5)}`,
      [443, 443, 80, 53, 5432][i % 5]!,
      20_000 + ((i * 7919) % 30_000),
    ]);
    const scanner = Array.from({ length: 40 }, (_, k) => [
      at(200),
      '10.1.0.66',
      '10.2.0.3',
      1000 + k * 37,
      60,
    ]);
    const sheet: Sheet = {
      name: 'Flows',
      headers: ['time', 'src', 'dst', 'port', 'bytes'],
      rows: [...rows.slice(0, 200), ...scanner, ...rows.slice(200)],
    };
    const scans = analyse(sheet).filter((f) => f.finding.evidence.incident?.kind === 'scan');
    expect(scans).toHaveLength(1);
    expect(scans[0]!.finding.evidence.incident?.row_count).toBe(40);
    expect(scans[0]!.triage.threat_context.mitre_tactics).toContain('TA0043');
    expect(scans[0]!.triage.severity).toBe('medium');
  });
});

describe('determinism', () => {
  it('gives the same findings for the same rows', () => {
    const log = sshdAuthLog();
    expect(analyzeSheet(log.headers, log.rows, { seed: 3 })).toEqual(
      analyzeSheet(log.headers, log.rows, { seed: 3 }),
    );
  });
});

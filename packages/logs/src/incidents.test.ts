import type { Cell } from '@pynomaly/detection';
import { describe, expect, it } from 'vitest';
import { readActivity } from './activity';
import { findIncidents, type Incident } from './incidents';

const T0 = Date.UTC(2024, 2, 5, 10, 0, 0);
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();

/** An sshd line: the minute it was written, its process id and its message. */
type Line = [minute: number, pid: number, content: string];

/** Incidents of an auth log with a time, a Pid and a message column. */
function incidentsIn(lines: Line[]): Incident[] {
  const rows = lines.map(([minute, pid, content]): Cell[] => [at(minute), pid, content]);
  return findIncidents(readActivity(['Time', 'Pid', 'Content'], rows).rows);
}

/** Incidents of any sheet. */
const incidentsOf = (headers: string[], rows: Cell[][]) => findIncidents(readActivity(headers, rows).rows);

const kindsOf = (incidents: Incident[]) => incidents.map((i) => i.kind);

const ATTACKER = '203.0.113.9';
const failed = (minute: number, pid: number, user = 'root', ip = ATTACKER): Line => [
  minute,
  pid,
  `Failed password for ${user} from ${ip} port ${40_000 + minute} ssh2`,
];
const accepted = (minute: number, pid: number, user: string, ip: string): Line => [
  minute,
  pid,
  `Accepted password for ${user} from ${ip} port 51000 ssh2`,
];
const failures = (minutes: number[], pid: (m: number) => number, user?: string) =>
  minutes.map((m) => failed(m, pid(m), user));

describe('findIncidents: brute force', () => {
  it('makes ten failures from one address one incident, with the other lines of its sessions', () => {
    // Prepare: two sshd sessions of the attacker; a disconnect line of the first names no address.
    const lines: Line[] = [
      ...failures([0, 1, 2, 3, 4], () => 4711),
      [4.5, 4711, 'Received disconnect: 11: Bye Bye [preauth]'],
      [5, 900, 'Server accepted new configuration from file'],
      ...failures([6, 7, 8, 9, 10], () => 5823),
    ];

    // Act
    const incidents = incidentsIn(lines);

    // Assess
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      kind: 'brute_force',
      representative: 0,
      rows: [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11],
      sourceIps: [ATTACKER],
      users: ['root'],
      failures: 10,
      startedAt: Date.parse(at(0)),
      endedAt: Date.parse(at(10)),
    });
  });

  it('leaves nine failures from one address alone', () => {
    const lines = failures([0, 1, 2, 3, 4, 5, 6, 7, 8], (m) => (m < 5 ? 4711 : 5823));

    expect(incidentsIn(lines)).toEqual([]);
  });

  it('reads five accounts tried from one address as a brute force (password spraying)', () => {
    const lines = ['ann', 'bob', 'cat', 'dan', 'eve'].map((user, m) => failed(m, 4711 + m * 13, user));

    const incidents = incidentsIn(lines);

    expect(kindsOf(incidents)).toEqual(['brute_force']);
    expect(incidents[0]).toMatchObject({ failures: 5, users: ['ann', 'bob', 'cat', 'dan', 'eve'] });
  });

  it('starts a new episode after 30 minutes of quiet', () => {
    const burst = (from: number) => [0, 1, 2, 3, 4, 5].map((k) => from + k);

    const apart = incidentsIn(failures([...burst(0), ...burst(36)], (m) => (m < 30 ? 4711 : 4811)));
    const together = incidentsIn(failures([...burst(0), ...burst(34)], (m) => (m < 30 ? 4711 : 4811)));

    expect(apart).toEqual([]);
    expect(together).toHaveLength(1);
    expect(together[0]).toMatchObject({ kind: 'brute_force', failures: 12 });
  });

  it('counts a failed-attempts column on a login_failed row', () => {
    // Prepare: an audit table whose `failures` column is mostly 0–2 and 4200 on one row.
    const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
    const rows = Array.from({ length: 12 }, (_, i): Cell[] => [
      at(i * 7),
      users[i % users.length]!,
      `10.0.0.${i + 1}`,
      i % 3 === 0 ? 'login_failed' : 'login_success',
      i % 3 === 0 ? (i % 2) + 1 : 0,
    ]);
    rows.push([at(90), 'mallory', '203.0.113.50', 'login_failed', 4200]);

    const incidents = incidentsOf(['When', 'user', 'ip', 'event', 'failures'], rows);

    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      kind: 'brute_force',
      rows: [12],
      failures: 4200,
      sourceIps: ['203.0.113.50'],
      users: ['mallory'],
    });
  });
});

describe('findIncidents: a success after failures', () => {
  const fiveFailures = failures([0, 1, 2, 3, 4], () => 4711, 'alice');

  it('flags a success from the same address within the hour after five failures', () => {
    const incidents = incidentsIn([...fiveFailures, accepted(20, 6001, 'alice', ATTACKER)]);

    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      kind: 'success_after_failures',
      representative: 5,
      rows: [5],
      failuresBefore: 5,
      users: ['alice'],
    });
  });

  it('does not read a success from another address against those failures', () => {
    const incidents = incidentsIn([...fiveFailures, accepted(20, 6001, 'alice', '198.51.100.7')]);

    expect(kindsOf(incidents)).not.toContain('success_after_failures');
  });

  it('does not reach back more than an hour', () => {
    expect(incidentsIn([...fiveFailures, accepted(70, 6001, 'alice', ATTACKER)])).toEqual([]);
  });

  it('leaves a typo alone: two failures then a success', () => {
    const ip = '198.51.100.7';
    const lines = [
      failed(0, 4711, 'alice', ip),
      failed(0.2, 4711, 'alice', ip),
      accepted(0.5, 4711, 'alice', ip),
    ];

    expect(incidentsIn(lines)).toEqual([]);
  });

  it('counts only the failures written before the success', () => {
    const lines = [
      failed(0, 4711, 'alice'),
      failed(1, 4711, 'alice'),
      accepted(2, 4711, 'alice', ATTACKER),
      ...[3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => failed(m, 5000 + m * 7, `user${m}`)),
    ];

    expect(kindsOf(incidentsIn(lines))).not.toContain('success_after_failures');
  });
});

describe('findIncidents: unknown accounts', () => {
  it('reads two unknown accounts tried from one address as account probing', () => {
    const lines: Line[] = [
      [0, 4711, `Invalid user ghost from ${ATTACKER} port 4242`],
      [1, 4731, `Invalid user admin from ${ATTACKER} port 4243`],
    ];

    const incidents = incidentsIn(lines);

    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ kind: 'account_probing', unknownAccounts: 2, rows: [0, 1] });
  });

  it('leaves one unknown account alone', () => {
    const lines: Line[] = [
      [0, 4711, `Invalid user ghost from ${ATTACKER} port 4242`],
      failed(1, 4731, 'root'),
    ];

    expect(incidentsIn(lines)).toEqual([]);
  });
});

describe('findIncidents: lines that matter on their own', () => {
  it('flags an interactive root login but not a root session opened by cron', () => {
    const lines: Line[] = [
      [0, 4711, 'ROOT LOGIN ON tty2'],
      [1, 4811, 'pam_unix(crond:session): session opened for user root by (uid=0)'],
    ];

    const incidents = incidentsIn(lines);

    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ kind: 'privileged_login', rows: [0], users: ['root'] });
  });

  it('flags an anonymous FTP login', () => {
    const incidents = incidentsIn([[0, 4711, 'ANONYMOUS FTP LOGIN FROM 1.2.3.4, (anonymous)']]);

    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ kind: 'anonymous_login', sourceIps: ['1.2.3.4'] });
  });

  it('flags a known-bad port in a port column', () => {
    const rows: Cell[][] = [
      [at(0), '10.0.0.5', 443, 'allow'],
      [at(1), '10.0.0.6', 443, 'allow'],
      [at(2), '10.0.0.7', 80, 'allow'],
      [at(3), '10.0.0.5', 4444, 'allow'],
      [at(4), '10.0.0.8', 443, 'allow'],
    ];

    const incidents = incidentsOf(['Time', 'SourceIP', 'DestPort', 'Action'], rows);

    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ kind: 'known_bad_port', rows: [3], ports: [4444] });
  });

  it('does not read the client port of an sshd message as a known-bad port', () => {
    const incidents = incidentsIn([[0, 4711, 'Accepted publickey for alice from 10.0.0.5 port 4444 ssh2']]);

    expect(incidents).toEqual([]);
  });
});

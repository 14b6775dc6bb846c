/**
 * A three-sheet audit workbook whose column names say nothing (`who`, `a`, `qty`...), so a
 * reader has to work out from the values which column is a user, a time, an address or a count.
 * Each sheet hides one row that is wrong on several of those at once.
 */
import { at, DAY, HOUR, isoT, Rng, type Sheet, weekday } from './log-fixtures-core';

export type PlantedKind = 'brute_force' | 'exfiltration' | 'bulk_export';

export interface AuditWorkbook {
  sheets: [Sheet, Sheet, Sheet];
  truth: { planted: Array<{ sheet: string; rowIndex: number; kind: PlantedKind }> };
}

// Monday 2024-03-04, two working weeks.
const EPOCH = Date.UTC(2024, 2, 4, 0, 0, 0);
const DAYS = 14;

const USERS = [
  { who: 'jsmith', ip: '10.20.1.14' },
  { who: 'mlopez', ip: '10.20.1.37' },
  { who: 'akim', ip: '10.20.2.8' },
  { who: 'rpatel', ip: '10.20.2.51' },
  { who: 'tnguyen', ip: '10.20.3.19' },
  { who: 'kwilliams', ip: '10.20.3.77' },
  { who: 'admin', ip: '10.20.0.5' },
];
const ANALYSTS = ['john.doe', 'priya.shah', 'wei.chen', 'lena.park', 'omar.haddad', 'sara.lim'].map(
  (name, i) => ({ u: `${name}@example.com`, ip: `10.40.${8 + (i % 3)}.${20 + 13 * i}` }),
);
const SERVERS = [
  { b: '10.0.1.10', ports: [443, 443, 443, 80] },
  { b: '10.0.1.11', ports: [443, 80] },
  { b: '10.0.0.53', ports: [53] },
  { b: '10.0.0.54', ports: [53] },
  { b: '10.0.2.20', ports: [5432] },
  { b: '10.0.2.21', ports: [5432] },
];
const WORKSTATIONS = Array.from({ length: 24 }, (_, i) => `10.20.${1 + (i % 4)}.${10 + 7 * i}`);

const isWeekday = (t: number): boolean => {
  const d = weekday(EPOCH, t);
  return d >= 1 && d <= 5;
};

/** A moment in office hours on a weekday, spread over the two weeks. */
function officeMoment(rng: Rng): number {
  for (;;) {
    const t = rng.int(0, DAYS - 1) * DAY + rng.int(8 * HOUR, 18 * HOUR + 30 * 60);
    if (isWeekday(t)) return t;
  }
}

type Row = { t: number; cells: (string | number)[] };

/** Sorted by time, as an export would be; returns the rows and where the planted one landed. */
function finish(rows: Row[], planted: Row): { rows: (string | number)[][]; rowIndex: number } {
  const all = [...rows, planted].sort((a, b) => a.t - b.t);
  return { rows: all.map((r) => r.cells), rowIndex: all.indexOf(planted) };
}

export function renamedAuditWorkbookSheets(): AuditWorkbook {
  const rng = new Rng(0xa0d17);

  // Auth: sign-ins and sign-outs from desks; `count` is failed attempts before the event.
  const auth: Row[] = [];
  while (auth.length < 210) {
    const user = rng.pick(USERS);
    const t = officeMoment(rng);
    const origin = rng.chance(0.9) ? user.ip : rng.pick(WORKSTATIONS);
    if (rng.chance(0.1)) {
      auth.push({ t, cells: [user.who, isoT(EPOCH, t), 'login_failed', rng.int(1, 2), origin] });
      continue;
    }
    const tries = rng.weighted([
      [0, 85],
      [1, 11],
      [2, 4],
    ] as const);
    auth.push({ t, cells: [user.who, isoT(EPOCH, t), 'login_success', tries, origin] });
    const out = t + rng.int(15 * 60, 6 * HOUR);
    if (rng.chance(0.85)) auth.push({ t: out, cells: [user.who, isoT(EPOCH, out), 'logout', 0, origin] });
  }
  // Wednesday of week 2, 04:02.
  const authAt = 9 * DAY + 4 * HOUR + 2 * 60 + 37;
  const authPlant = {
    t: authAt,
    cells: ['admin', isoT(EPOCH, authAt), 'login_failed', 4200, '185.220.101.47'],
  };

  // Flows: desks to the web, DNS and database tiers, day and night (backups, agents, updates).
  const flows: Row[] = [];
  for (let n = 0; n < 260; n++) {
    const t = rng.int(0, DAYS * DAY - 1);
    const server = rng.pick(SERVERS);
    const cells = [
      isoT(EPOCH, t),
      rng.pick(WORKSTATIONS),
      server.b,
      rng.pick(server.ports),
      rng.int(20_000, 50_000),
    ];
    flows.push({ t, cells });
  }
  // Tuesday of week 2, 02:47, one desk to an address nothing else talks to.
  const flowAt = 8 * DAY + 2 * HOUR + 47 * 60 + 12;
  const flowPlant = {
    t: flowAt,
    cells: [isoT(EPOCH, flowAt), at(WORKSTATIONS, 9), '91.215.85.203', 4444, 4_800_000_000],
  };

  // Access: analysts in the Singapore office reading records a page or two at a time.
  const access: Row[] = [];
  for (let n = 0; n < 190; n++) {
    const who = rng.pick(ANALYSTS);
    const t = officeMoment(rng);
    const op = rng.weighted([
      ['view', 6],
      ['search', 3],
      ['update', 1],
    ] as const);
    access.push({ t, cells: [who.u, isoT(EPOCH, t), rng.int(40, 60), who.ip, 'Singapore', op] });
  }
  // Thursday of week 2, 03:15.
  const accessAt = 10 * DAY + 3 * HOUR + 15 * 60 + 4;
  const accessPlant = {
    t: accessAt,
    cells: [
      at(ANALYSTS, 0).u,
      isoT(EPOCH, accessAt),
      15_000,
      '95.173.136.70',
      'Moscow, Russia',
      'export_records',
    ],
  };

  const a = finish(auth, authPlant);
  const f = finish(flows, flowPlant);
  const x = finish(access, accessPlant);
  return {
    sheets: [
      { name: 'Auth', headers: ['who', 'when', 'what', 'count', 'origin'], rows: a.rows },
      { name: 'Flows', headers: ['t', 'a', 'b', 'p', 'n'], rows: f.rows },
      { name: 'Access', headers: ['u', 'ts', 'qty', 'ip', 'where', 'op'], rows: x.rows },
    ],
    truth: {
      planted: [
        { sheet: 'Auth', rowIndex: a.rowIndex, kind: 'brute_force' },
        { sheet: 'Flows', rowIndex: f.rowIndex, kind: 'exfiltration' },
        { sheet: 'Access', rowIndex: x.rowIndex, kind: 'bulk_export' },
      ],
    },
  };
}

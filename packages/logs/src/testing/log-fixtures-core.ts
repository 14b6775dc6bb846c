/**
 * Shared machinery for the log-sheet fixtures. Every generator seeds its own PRNG with a constant,
 * so a fixture is identical on every call and does not depend on which other fixtures ran first.
 * Event streams are written independently (noise, schedules, attacks) and merged by time, the way
 * a syslog file interleaves processes.
 */
import { makeXlsx } from '../../../ingest/src/testing/make-xlsx';

export type Cell = string | number | null;

/** A sheet as exported: a header row, then data rows (row index 0 = first data row). */
export interface Sheet {
  name: string;
  headers: string[];
  rows: Cell[][];
}

/** A sheet plus what was planted in it, for scoring rules written without seeing the fixture. */
export interface LogSheet<T> extends Sheet {
  truth: T;
}

/** A small seeded PRNG, so every generated sheet is the same on every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly source: () => number;

  constructor(seed: number) {
    this.source = mulberry32(seed);
  }

  float(): number {
    return this.source();
  }

  /** Uniform integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.source() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.source() < p;
  }

  pick<T>(items: readonly T[]): T {
    return at(items, Math.floor(this.source() * items.length));
  }

  /** Favours the front of the list, so a few entries recur often and the tail shows up rarely. */
  pickSkewed<T>(items: readonly T[], power = 2.5): T {
    return at(items, Math.floor(this.source() ** power * items.length));
  }

  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, w]) => sum + w, 0);
    let r = this.source() * total;
    for (const [value, w] of choices) {
      r -= w;
      if (r < 0) return value;
    }
    return at(choices, choices.length - 1)[0];
  }

  /** Exponential gap with the given mean: the inter-arrival time of independent events. */
  exp(mean: number): number {
    return -mean * Math.log(1 - this.source());
  }

  /** Seconds into a day, the hour drawn from 24 relative weights. */
  timeOfDay(hourWeights: readonly number[]): number {
    const hour = this.weighted(hourWeights.map((w, h) => [h, w] as const));
    return hour * 3600 + this.int(0, 3599);
  }
}

export function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item at ${index} of ${items.length}`);
  return item;
}

/** People: almost nothing at night, a dip at lunch. */
export const OFFICE_HOURS = [
  0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 1.2, 4, 6, 6, 5, 3.5, 5, 6, 6, 5, 3.5, 1.5, 1, 0.8, 0.6, 0.4, 0.2,
];

/** Machines serving people: busier by day, never silent. */
export const ALWAYS_ON = [
  2.2, 1.8, 1.5, 1.4, 1.4, 1.6, 2.2, 3.2, 4.5, 5.5, 6, 6, 5.5, 6, 6, 5.8, 5.4, 5, 4.4, 4, 3.6, 3.2, 2.8, 2.5,
];

export const DAY = 86_400;
export const HOUR = 3600;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const pad = (n: number): string => String(n).padStart(2, '0');

/** Times are seconds since a UTC epoch in ms; Dates are only used to read the calendar. */
const calendar = (epochMs: number, t: number): Date => new Date(epochMs + t * 1000);

export function clock(epochMs: number, t: number): string {
  const d = calendar(epochMs, t);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function isoDate(epochMs: number, t: number): string {
  const d = calendar(epochMs, t);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** 'YYYY-MM-DD HH:MM:SS' */
export const isoSpace = (epochMs: number, t: number): string => `${isoDate(epochMs, t)} ${clock(epochMs, t)}`;

/** 'YYYY-MM-DDTHH:MM:SS' */
export const isoT = (epochMs: number, t: number): string => `${isoDate(epochMs, t)}T${clock(epochMs, t)}`;

/** C ctime() style, as Apache and wu-ftpd print it: 'Sun Dec 04 04:47:44 2005'. */
export function ctime(epochMs: number, t: number): string {
  const d = calendar(epochMs, t);
  const day = at(WEEKDAYS, d.getUTCDay());
  const month = at(MONTHS, d.getUTCMonth());
  return `${day} ${month} ${pad(d.getUTCDate())} ${clock(epochMs, t)} ${d.getUTCFullYear()}`;
}

/** The year-less BSD syslog stamp split the way Loghub's CSVs split it: 'Dec', 10, '06:55:46'. */
export function syslogStamp(epochMs: number, t: number): [string, number, string] {
  const d = calendar(epochMs, t);
  return [at(MONTHS, d.getUTCMonth()), d.getUTCDate(), clock(epochMs, t)];
}

export const weekday = (epochMs: number, t: number): number => calendar(epochMs, t).getUTCDay();

// First octets of ranges handed out to ISPs and hosters; skips private, CGNAT, loopback,
// link-local, documentation and multicast space so generated addresses look routable.
const PUBLIC_FIRST_OCTETS = [
  5, 14, 27, 31, 36, 37, 39, 41, 42, 45, 46, 49, 58, 59, 60, 61, 62, 77, 78, 79, 80, 81, 82, 83, 85, 86, 87,
  88, 89, 91, 93, 94, 95, 101, 103, 106, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122,
  123, 124, 125, 139, 141, 151, 159, 175, 176, 177, 178, 179, 180, 181, 182, 183, 185, 186, 187, 188, 189,
  190, 191, 193, 194, 195, 200, 201, 202, 210, 211, 212, 213, 217, 218, 219, 220, 221, 222,
];

export const publicIp = (rng: Rng): string =>
  `${rng.pick(PUBLIC_FIRST_OCTETS)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;

/** Client source port: Linux's default ephemeral range mostly, Windows/macOS's sometimes. */
export const clientPort = (rng: Rng): number =>
  rng.chance(0.75) ? rng.int(32768, 60999) : rng.int(49152, 65535);

export interface PidRef {
  pid: number;
  readonly t: number;
}

/**
 * Process ids handed out after all streams are merged, in start order, so they climb through
 * the file the way a kernel's pid counter does even though the streams were written separately.
 */
export class PidPool {
  private readonly refs: PidRef[] = [];

  at(t: number): PidRef {
    const ref = { pid: 0, t };
    this.refs.push(ref);
    return ref;
  }

  assign(rng: Rng, first: number, maxStep: number): void {
    let pid = first;
    for (const ref of [...this.refs].sort((a, b) => a.t - b.t)) {
      pid += rng.int(1, maxStep);
      ref.pid = pid;
    }
  }
}

export interface TimedRow {
  t: number;
  cells: Cell[];
  tag: string | undefined;
}

/** Lines of interleaved streams; cells are built late so pids assigned afterwards show up. */
export class Timeline {
  private readonly entries: { t: number; seq: number; cells: () => Cell[]; tag: string | undefined }[] = [];

  add(t: number, cells: () => Cell[], tag?: string): void {
    this.entries.push({ t: Math.round(t), seq: this.entries.length, cells, tag });
  }

  /** The first `limit` lines in time order, as an export of the head of a longer file would be. */
  take(limit: number): TimedRow[] {
    if (this.entries.length < limit) {
      throw new Error(`fixture produced ${this.entries.length} lines, needs ${limit}`);
    }
    return [...this.entries]
      .sort((a, b) => a.t - b.t || a.seq - b.seq)
      .slice(0, limit)
      .map((e) => ({ t: e.t, cells: e.cells(), tag: e.tag }));
  }
}

export const rowsTagged = (rows: readonly TimedRow[], tag: string): number[] =>
  rows.flatMap((r, i) => (r.tag === tag ? [i] : []));

/** One or more sheets as an .xlsx, header row first, in the order given. */
export function toWorkbook(sheets: Sheet | readonly Sheet[]): Buffer {
  const list: readonly Sheet[] = 'headers' in sheets ? [sheets] : sheets;
  return makeXlsx(list.map((s) => ({ name: s.name, rows: [s.headers, ...s.rows] })));
}

import { type Cell, cellText, parseIp, parseNumber, parseTimestamp } from '@pynomaly/detection';
import { parseClockTime, parseLogTimestamp, parseMonth } from './clock';

/**
 * What a column holds, read from its values. Names only break ties the values cannot
 * (which of two address columns is the destination, whether an integer is a process id).
 */
export type SemanticKind =
  | 'row_number'
  | 'timestamp'
  | 'date'
  | 'time'
  | 'month'
  | 'day'
  | 'year'
  | 'ip'
  | 'port'
  | 'status_code'
  | 'identifier'
  | 'quantity'
  | 'measure'
  | 'boolean'
  | 'user'
  | 'level'
  | 'text'
  | 'category'
  | 'empty';

export interface ColumnProfile {
  index: number;
  name: string;
  kind: SemanticKind;
  /** For `ip` columns: whether it is where traffic goes rather than where it comes from. */
  destination: boolean;
}

/** Share of present cells that must parse for a typed kind. */
const TYPED_SHARE = 0.95;
/** Kinds are read from this many rows spread evenly over the sheet; a column's kind does not need them all. */
const SAMPLE_ROWS = 5000;
/** Line numbers are recognised from the head of the sheet, where they run without gaps. */
const SEQUENCE_ROWS = 1000;
/** Service ports an analyst recognises; a column mostly made of them holds ports. */
export const SERVICE_PORTS: ReadonlySet<number> = new Set([
  20, 21, 22, 23, 25, 53, 67, 68, 69, 80, 88, 110, 111, 123, 135, 137, 138, 139, 143, 161, 162, 389, 443, 445,
  465, 514, 587, 636, 873, 993, 995, 1433, 1521, 2049, 3306, 3389, 5060, 5432, 5900, 5985, 5986, 6379, 8000,
  8080, 8443, 9092, 9200, 11211, 27017,
]);
const HTTP_STATUS: ReadonlySet<number> = new Set([
  200, 201, 202, 204, 206, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405, 408, 409, 410, 413, 415,
  422, 429, 500, 501, 502, 503, 504,
]);
const LEVELS: ReadonlySet<string> = new Set([
  'trace',
  'debug',
  'info',
  'information',
  'notice',
  'warn',
  'warning',
  'error',
  'err',
  'crit',
  'critical',
  'alert',
  'emerg',
  'emergency',
  'fatal',
  'severe',
]);
const EMAIL = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;
const TOKEN = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;

/** Header words that mark an integer column as an id, never a quantity. */
const ID_WORDS = new Set([
  'id',
  'pid',
  'ppid',
  'tid',
  'uid',
  'gid',
  'lineid',
  'line',
  'no',
  'nr',
  'seq',
  'index',
]);
const PORT_WORDS = new Set(['port', 'dport', 'sport', 'dstport', 'srcport']);
const DESTINATION_WORDS = new Set([
  'dst',
  'dest',
  'destination',
  'target',
  'server',
  'to',
  'remote',
  'dport',
]);
// nginx's remote_addr is the client, so "remote" reads as the source.
const SOURCE_WORDS = new Set(['src', 'source', 'client', 'from', 'origin', 'remote']);
const USER_WORDS = new Set([
  'user',
  'username',
  'userid',
  'account',
  'login',
  'principal',
  'actor',
  'who',
  'owner',
  'employee',
  'email',
  'mail',
  'upn',
]);

/** `SourceIP` → [source, ip]. */
export function headerWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

interface Tally {
  present: number;
  numbers: number[];
  integers: number;
  distinct: Set<string>;
  timestamps: number;
  dateOnly: number;
  times: number;
  months: number;
  ips: number;
  booleans: number;
  emails: number;
  tokens: number;
  levels: number;
  wordy: number;
}

function tally(cells: Iterable<Cell | undefined>): Tally {
  const t: Tally = {
    present: 0,
    numbers: [],
    integers: 0,
    distinct: new Set(),
    timestamps: 0,
    dateOnly: 0,
    times: 0,
    months: 0,
    ips: 0,
    booleans: 0,
    emails: 0,
    tokens: 0,
    levels: 0,
    wordy: 0,
  };
  for (const cell of cells) {
    const text = cellText(cell);
    if (text === null) continue;
    t.present++;
    if (t.distinct.size <= 5000) t.distinct.add(text);
    if (typeof cell === 'boolean' || /^(true|false)$/i.test(text)) t.booleans++;
    const number = parseNumber(cell);
    if (number !== null) {
      t.numbers.push(number);
      if (Number.isInteger(number)) t.integers++;
      continue;
    }
    if (
      cell instanceof Date ||
      parseTimestamp(cell) !== null ||
      parseLogTimestamp(text, { whole: true }) !== null
    ) {
      t.timestamps++;
      if (/^\d{4}-\d{2}-\d{2}$/.test(text)) t.dateOnly++;
      continue;
    }
    if (parseClockTime(text) !== null) t.times++;
    else if (parseMonth(text) !== null) t.months++;
    else if (parseIp(text) !== null) t.ips++;
    else if (EMAIL.test(text)) t.emails++;
    else if (LEVELS.has(text.toLowerCase())) t.levels++;
    if (TOKEN.test(text)) t.tokens++;
    if (text.split(/\s+/).length >= 3) t.wordy++;
  }
  return t;
}

function integerKind(
  values: number[],
  head: number[],
  words: string[],
  sheetHasMonth: boolean,
): SemanticKind {
  if (words.some((w) => ID_WORDS.has(w))) return isSequence(head) ? 'row_number' : 'identifier';
  if (isSequence(head)) return 'row_number';
  // Beside a month column, 1–31 is the day of the month even on the 22nd.
  if (sheetHasMonth && values.every((v) => Number.isInteger(v) && v >= 1 && v <= 31)) return 'day';
  const inPortRange = values.every((v) => v >= 0 && v <= 65_535);
  const services = values.filter((v) => SERVICE_PORTS.has(v)).length;
  if (inPortRange && (words.some((w) => PORT_WORDS.has(w)) || services >= 0.5 * values.length)) return 'port';
  if (
    values.every((v) => HTTP_STATUS.has(v) || (v >= 100 && v <= 599)) &&
    values.filter((v) => HTTP_STATUS.has(v)).length >= 0.9 * values.length
  )
    return 'status_code';
  if (values.every((v) => v >= 1970 && v <= 2100) && new Set(values).size <= 3) return 'year';
  return 'quantity';
}

/** Mostly consecutive integers: a line or row number, which says nothing about the row. */
function isSequence(values: number[]): boolean {
  if (values.length < 10) return false;
  let steps = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! - values[i - 1]! === 1) steps++;
  return steps >= 0.9 * (values.length - 1);
}

/**
 * Reads each column's kind from its values: numbers become row numbers, ports, status
 * codes, ids or quantities; strings become timestamps, clock times, months, addresses,
 * users, levels, free text or categories.
 */
export function profileColumns(headers: readonly string[], rows: readonly Cell[][]): ColumnProfile[] {
  const step = Math.max(1, rows.length / SAMPLE_ROWS);
  const sample = Array.from(
    { length: Math.min(rows.length, SAMPLE_ROWS) },
    (_, k) => rows[Math.floor(k * step)]!,
  );
  const head = rows.slice(0, SEQUENCE_ROWS);
  const tallies = headers.map((_, j) => tally(sample.map((r) => r[j])));
  const heads = headers.map((_, j) =>
    head.map((r) => parseNumber(r[j])).filter((v): v is number => v !== null),
  );
  const hasMonth = tallies.some((t) => t.present > 0 && t.months >= TYPED_SHARE * t.present);
  const profiles = headers.map((name, index): ColumnProfile => {
    const t = tallies[index]!;
    const words = headerWords(name);
    return { index, name, kind: kindOf(t, heads[index]!, words, hasMonth), destination: false };
  });
  markDestinations(profiles);
  return profiles;
}

function kindOf(t: Tally, head: number[], words: string[], hasMonth: boolean): SemanticKind {
  if (t.present === 0) return 'empty';
  const need = TYPED_SHARE * t.present;
  if (t.booleans >= need) return 'boolean';
  if (t.numbers.length >= need) {
    if (t.integers < need) return 'measure';
    return integerKind(t.numbers, head, words, hasMonth);
  }
  if (t.timestamps >= need) return t.dateOnly >= need ? 'date' : 'timestamp';
  if (t.times >= need) return 'time';
  if (t.months >= need) return 'month';
  if (t.ips >= need) return 'ip';
  if (t.emails >= need) return 'user';
  if (t.levels >= need && t.distinct.size <= 12) return 'level';
  if (t.wordy >= t.present / 2) return 'text';
  if (t.tokens >= need && words.some((w) => USER_WORDS.has(w))) return 'user';
  if (t.distinct.size > 0.5 * t.present && t.present >= 20) return 'identifier';
  return 'category';
}

/** With two address columns the one named for a destination (or else the second) is where traffic goes. */
function markDestinations(profiles: ColumnProfile[]): void {
  const ips = profiles.filter((p) => p.kind === 'ip');
  if (ips.length === 0) return;
  for (const p of ips) {
    const words = headerWords(p.name);
    p.destination = words.some((w) => DESTINATION_WORDS.has(w)) && !words.some((w) => SOURCE_WORDS.has(w));
  }
  if (ips.length >= 2 && !ips.some((p) => p.destination)) ips[ips.length - 1]!.destination = true;
  if (ips.every((p) => p.destination)) ips[0]!.destination = false;
}

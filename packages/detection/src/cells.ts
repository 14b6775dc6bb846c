import { isIP } from 'node:net';

/** One spreadsheet cell as the ingest layer hands it over. */
export type Cell = string | number | boolean | Date | null;

/** Spreadsheet placeholders that mean "no value" rather than a category of their own. */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '-', '#n/a']);

/** Trimmed text of a cell, or null when the cell is missing or a missing-value placeholder. */
export function cellText(cell: Cell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : null;
  if (typeof cell === 'boolean') return String(cell);
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell.toISOString();
  const s = cell.trim();
  return MISSING.has(s.toLowerCase()) ? null : s;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/** A finite number from a number cell or a numeric string ("1,234.5" included), else null. */
export function parseNumber(cell: Cell | undefined): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell !== 'string') return null;
  const s = cell.trim();
  if (NUMBER.test(s)) return Number(s);
  if (GROUPED_NUMBER.test(s)) return Number(s.replaceAll(',', ''));
  return null;
}

/** true/false from a boolean cell or the strings "true"/"false", else null. */
export function parseBoolean(cell: Cell | undefined): boolean | null {
  if (typeof cell === 'boolean') return cell;
  if (typeof cell !== 'string') return null;
  const s = cell.trim().toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : null;
}

/**
 * A parsed instant. `minuteOfDay` and `weekday` are the wall clock as written in the
 * sheet (an offset is honoured for `epochMs` only), because "03:15" in a log means the
 * local time its analyst reads; Date cells are read in UTC, which is how spreadsheet
 * readers hand over wall-clock dates.
 */
export interface Instant {
  epochMs: number;
  minuteOfDay: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const TIMESTAMP =
  /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** An instant from a Date or an ISO-8601 / "YYYY-MM-DD HH:MM[:SS]" string, else null. */
export function parseTimestamp(cell: Cell | undefined): Instant | null {
  if (cell instanceof Date) {
    const t = cell.getTime();
    if (Number.isNaN(t)) return null;
    return {
      epochMs: t,
      minuteOfDay: cell.getUTCHours() * 60 + cell.getUTCMinutes(),
      weekday: cell.getUTCDay(),
    };
  }
  if (typeof cell !== 'string') return null;
  const m = TIMESTAMP.exec(cell.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((k) => Number(m[k] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  // 30 February is not a date, whatever Date.UTC would roll it into.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second) + fraction;
  return {
    epochMs: wall - offsetMinutes(m[8]) * 60_000,
    minuteOfDay: hour * 60 + minute,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0));
}

/** A parsed IP address: canonical text, its network prefix (/16 for v4, /32 for v6), private or not. */
export interface IpAddress {
  address: string;
  prefix: string;
  isPrivate: boolean;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** An IPv4 or IPv6 address, else null. */
export function parseIp(cell: Cell | undefined): IpAddress | null {
  if (typeof cell !== 'string') return null;
  const s = cell.trim().toLowerCase();
  const v4 = IPV4.exec(s);
  if (v4) {
    const o = [1, 2, 3, 4].map((k) => Number(v4[k]));
    if (o.some((x) => x > 255)) return null;
    return { address: o.join('.'), prefix: `${o[0]}.${o[1]}.0.0/16`, isPrivate: isPrivateV4(o) };
  }
  if (isIP(s) !== 6) return null;
  const groups = expandV6(s);
  const first = groups[0]!;
  const isPrivate =
    (first & 0xfe00) === 0xfc00 ||
    (first & 0xffc0) === 0xfe80 ||
    groups.every((g, i) => g === (i === 7 ? 1 : 0));
  const hex = (g: number) => g.toString(16);
  return { address: s, prefix: `${hex(first)}:${hex(groups[1]!)}::/32`, isPrivate };
}

function isPrivateV4(o: number[]): boolean {
  const [a = 0, b = 0] = o;
  return (
    a === 10 ||
    a === 127 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}

/** The eight 16-bit groups of a valid IPv6 address (an embedded IPv4 tail becomes two groups). */
function expandV6(s: string): number[] {
  const parse = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((g) => {
          if (!g.includes('.')) return [Number.parseInt(g, 16)];
          const o = g.split('.').map(Number);
          return [(o[0]! << 8) | o[1]!, (o[2]! << 8) | o[3]!];
        });
  const [head = '', tail] = s.split('::');
  const h = parse(head);
  const t = tail === undefined ? [] : parse(tail);
  return [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
}

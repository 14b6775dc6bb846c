import { type Cell, cellText, parseNumber, parseTimestamp } from '@pynomaly/detection';
import type { ColumnProfile } from './columns';

/** When a line happened, as written (wall clock; no zone conversion). */
export interface LogInstant {
  epochMs: number;
  minuteOfDay: number;
  /** 0 = Sunday; null when the log gives no year, since the weekday is then unknown. */
  weekday: number | null;
}

/** A row's time assembled from one or several columns, and whether the year was written. */
export interface AssembledTimes {
  instants: (LogInstant | null)[];
  /** The columns the time was read from. */
  columns: string[];
  yearKnown: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/**
 * Year assumed for logs that do not write one (syslog). A leap year, so 29 Feb parses; the
 * weekday is reported as unknown rather than computed from it.
 */
const ASSUMED_YEAR = 2000;
const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?$/;
const MON = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*';
// `Sun Dec 04 04:47:44 2005` (Apache error log, ctime), optionally bracketed.
const CTIME = new RegExp(
  `^\\[?(?:[a-z]{3},? )?${MON} +(\\d{1,2}) (\\d{1,2}:\\d{2}:\\d{2})(?:\\.\\d+)? (\\d{4})\\]?`,
  'i',
);
// `2024-03-05T10:15:00Z web-1 nginx: …`: an ISO stamp that starts a line.
const ISO_PREFIX = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)\s/i;
// `Dec 10 06:55:46` (syslog, no year).
const SYSLOG = new RegExp(`^${MON} +(\\d{1,2}) (\\d{1,2}:\\d{2}:\\d{2})\\b`, 'i');
// `10/Oct/2000:13:55:36 -0700` (common log format), optionally bracketed.
const CLF = new RegExp(`^\\[?(\\d{1,2})/${MON}/(\\d{4}):(\\d{2}:\\d{2}:\\d{2})(?: ([+-]\\d{4}))?\\]?`, 'i');

/** Month number 1–12 from "Dec", "December" or "12"-free text, else null. */
export function parseMonth(text: string): number | null {
  const m = /^([a-z]{3})[a-z]*\.?$/i.exec(text.trim());
  if (!m) return null;
  const k = MONTHS.indexOf(m[1]!.toLowerCase());
  return k < 0 ? null : k + 1;
}

/** Minute of the day and seconds from "HH:MM[:SS]", else null. */
export function parseClockTime(text: string): { minuteOfDay: number; second: number } | null {
  const m = CLOCK.exec(text.trim());
  if (!m) return null;
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || mi > 59 || s > 60) return null;
  return { minuteOfDay: h * 60 + mi, second: s };
}

function instant(
  year: number | null,
  month: number,
  day: number,
  clock: string,
  zone?: string,
): LogInstant | null {
  const time = parseClockTime(clock);
  if (!time || day < 1 || day > 31) return null;
  const y = year ?? ASSUMED_YEAR;
  const wall = Date.UTC(y, month - 1, day, 0, time.minuteOfDay, time.second);
  if (new Date(wall).getUTCDate() !== day) return null;
  const offset = zone
    ? (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)))
    : 0;
  return {
    epochMs: wall - offset * 60_000,
    minuteOfDay: time.minuteOfDay,
    weekday: year === null ? null : new Date(Date.UTC(y, month - 1, day)).getUTCDay(),
  };
}

/** A timestamp written as a log writes it — ISO, ctime, syslog or common log format — else null. */
export function parseLogTimestamp(
  text: string,
  options: { whole?: boolean } = {},
): (LogInstant & { yearKnown: boolean }) | null {
  const s = text.trim();
  const iso = parseTimestamp(s);
  if (iso) return { ...iso, yearKnown: true };
  // A stamp that starts a line counts for a message column; a column of stamps must hold nothing else.
  const fits = (m: RegExpExecArray) => !options.whole || m[0].length === s.length;
  const isoPrefix = ISO_PREFIX.exec(s);
  if (isoPrefix && !options.whole) {
    const at = parseTimestamp(isoPrefix[1]!);
    return at && { ...at, yearKnown: true };
  }
  const ctime = CTIME.exec(s);
  if (ctime && fits(ctime)) {
    const at = instant(
      Number(ctime[4]),
      MONTHS.indexOf(ctime[1]!.toLowerCase()) + 1,
      Number(ctime[2]),
      ctime[3]!,
    );
    return at && { ...at, yearKnown: true };
  }
  const clf = CLF.exec(s);
  if (clf && fits(clf)) {
    const at = instant(
      Number(clf[3]),
      MONTHS.indexOf(clf[2]!.toLowerCase()) + 1,
      Number(clf[1]),
      clf[4]!,
      clf[5],
    );
    return at && { ...at, yearKnown: true };
  }
  const syslog = SYSLOG.exec(s);
  if (syslog && fits(syslog)) {
    const at = instant(null, MONTHS.indexOf(syslog[1]!.toLowerCase()) + 1, Number(syslog[2]), syslog[3]!);
    return at && { ...at, yearKnown: false };
  }
  return null;
}

function fromCell(cell: Cell | undefined): (LogInstant & { yearKnown: boolean }) | null {
  const iso = parseTimestamp(cell);
  if (iso) return { ...iso, yearKnown: true };
  const text = cellText(cell);
  return text === null ? null : parseLogTimestamp(text);
}

/**
 * Each row's time: a whole timestamp column if there is one; else a date column with a
 * clock column; else month + day (+ year) + clock columns, as syslog exports split them;
 * else a timestamp at the start of a free-text column. A log without a year that crosses
 * New Year rolls over rather than running backwards.
 */
export function assembleTimes(profiles: readonly ColumnProfile[], rows: readonly Cell[][]): AssembledTimes {
  const first = (kind: ColumnProfile['kind']) => profiles.find((p) => p.kind === kind);
  const whole = first('timestamp');
  const clock = first('time');
  const date = first('date');
  if (whole)
    return fromParsed(
      rows.map((r) => fromCell(r[whole.index])),
      whole.name,
    );
  if (date && clock) {
    const instants = rows.map((r) => {
      const day = parseTimestamp(r[date.index]);
      const time = parseClockTime(cellText(r[clock.index]) ?? '');
      if (!day || !time) return null;
      const midnight = day.epochMs - day.minuteOfDay * 60_000;
      return {
        epochMs: midnight + time.minuteOfDay * 60_000 + time.second * 1000,
        minuteOfDay: time.minuteOfDay,
        weekday: day.weekday,
      };
    });
    return { instants, columns: [date.name, clock.name], yearKnown: true };
  }
  const month = first('month');
  const day = first('day');
  if (month && day && clock) {
    const year = first('year');
    const instants = rows.map((r) => {
      const m = parseMonth(cellText(r[month.index]) ?? '');
      const d = parseNumber(r[day.index]);
      const y = year ? parseNumber(r[year.index]) : null;
      return m === null || d === null ? null : instant(y, m, d, cellText(r[clock.index]) ?? '');
    });
    const columns = [month.name, day.name, clock.name, ...(year ? [year.name] : [])];
    return { instants: year ? instants : rollOver(instants), columns, yearKnown: year !== undefined };
  }
  for (const text of profiles.filter((p) => p.kind === 'text')) {
    const parsed = rows.map((r) => parseLogTimestamp(cellText(r[text.index]) ?? ''));
    if (parsed.filter((p) => p !== null).length >= 0.95 * rows.length) return fromParsed(parsed, text.name);
  }
  return { instants: rows.map(() => null), columns: [], yearKnown: false };
}

/** Times read from one column; a log without a year is rolled over New Year like split columns are. */
function fromParsed(
  parsed: ((LogInstant & { yearKnown: boolean }) | null)[],
  column: string,
): AssembledTimes {
  const yearKnown = parsed.every((p) => p === null || p.yearKnown);
  const instants = parsed.map(strip);
  return { instants: yearKnown ? instants : rollOver(instants), columns: [column], yearKnown };
}

function strip(p: (LogInstant & { yearKnown: boolean }) | null): LogInstant | null {
  return p && { epochMs: p.epochMs, minuteOfDay: p.minuteOfDay, weekday: p.yearKnown ? p.weekday : null };
}

const HALF_YEAR_MS = 183 * 86_400_000;

/** Syslog without years: a jump back of more than half a year is the next year. */
function rollOver(instants: (LogInstant | null)[]): (LogInstant | null)[] {
  let shift = 0;
  let previous: number | null = null;
  return instants.map((t) => {
    if (!t) return null;
    const candidate: number = t.epochMs + shift;
    if (previous !== null && candidate < previous - HALF_YEAR_MS) shift += 366 * 86_400_000;
    const epochMs: number = t.epochMs + shift;
    previous = epochMs;
    return { ...t, epochMs };
  });
}

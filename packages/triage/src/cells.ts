import type { CellValue } from './types';

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const CLOCK = /^(\d{1,2}):(\d{2})(?::\d{2})?\s*(am|pm)?$/i;

/** Reads a number from a numeric cell or a plain numeric string (`15,000` included). */
export function toNumber(value: CellValue | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const compact = value.replace(/[,_\s]/g, '');
  return /^[+-]?\d+(\.\d+)?$/.test(compact) ? Number(compact) : null;
}

/** Date and wall-clock time as written in a cell; no time-zone conversion is applied. */
export interface Clock {
  date: string | null;
  hour: number | null;
  minute: number | null;
  zone: string | null;
}

/** Parses ISO dates/date-times and `HH:MM[:SS] [am|pm]` clocks; anything else is null. */
export function parseClock(value: CellValue | undefined): Clock | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const iso = ISO_DATE.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, zone] = iso;
    const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
    if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return null;
    if (h !== undefined && (Number(h) > 23 || Number(mi) > 59)) return null;
    return {
      date: `${y}-${mo}-${d}`,
      hour: h === undefined ? null : Number(h),
      minute: mi === undefined ? null : Number(mi),
      zone: zone === undefined ? null : zone.toUpperCase() === 'Z' ? 'UTC' : zone,
    };
  }
  const clock = CLOCK.exec(text);
  if (!clock) return null;
  const [, h, mi, meridiem] = clock;
  let hour = Number(h);
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
  }
  if (hour > 23 || Number(mi) > 59) return null;
  return { date: null, hour, minute: Number(mi), zone: null };
}

/** A date-only column must not hide the hour held by a separate time column, nor the reverse. */
export function mergeClock(current: Clock | null, next: Clock): Clock {
  if (!current) return next;
  return {
    date: current.date ?? next.date,
    hour: current.hour ?? next.hour,
    minute: current.hour === null ? next.minute : current.minute,
    zone: current.zone ?? next.zone,
  };
}

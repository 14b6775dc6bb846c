import { type Cell, parseTimestamp } from './cells';
import { dominantPart, type EncodedColumn, significantParts } from './encoded-column';
import { formatClock, formatDuration, formatShare } from './format';
import { frequencies, imputeMedian, quantile, rarity, sortedFinite } from './stats';

/** Share of rows the "usual hours" window and "usual weekdays" must cover. */
const USUAL_SHARE = 0.95;
/**
 * A usual window at least this long leaves no quiet hours: round-the-clock logs have no
 * "outside", and their quietest hour is not unusual.
 */
export const ROUND_THE_CLOCK_HOURS = 18;
const WEEKDAYS_FOR_BASELINE = 5;
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONDAY_FIRST = [1, 2, 3, 4, 5, 6, 0];

/**
 * Timestamp column, three features: hours outside the usual time-of-day window (0 inside
 * it, measured around the clock so 23:30 is near 00:30), rarity of the weekday, and
 * log1p of the seconds since the chronologically previous row. The gap is one-sided
 * (longer than the median counts as the median): a burst is news, whereas a long silence
 * before the first event of a day or a weekend is routine, and odd hours and days are
 * already covered. Time of day carries half the column's say, as the strongest signal.
 */
export function encodeTimestamp(cells: readonly (Cell | undefined)[]): EncodedColumn {
  const n = cells.length;
  const instants = cells.map((c) => parseTimestamp(c));
  const hourCounts = new Array<number>(24).fill(0);
  for (const t of instants) if (t) hourCounts[Math.floor(t.minuteOfDay / 60)]!++;
  const busiest = usualWindow(hourCounts);
  const window = busiest.length >= ROUND_THE_CLOCK_HOURS ? { start: 0, length: 24 } : busiest;
  const windowText = window.length === 24 ? 'any time' : formatWindow(window);

  const outside = Float64Array.from(instants, (t) =>
    t ? minutesOutside(t.minuteOfDay, window) / 60 : Number.NaN,
  );
  imputeMedian(outside);

  // Which weekday is usual takes most of a week; in a log of a few days the weekday only says which day.
  const weekdaysSeen = new Set(instants.flatMap((t) => (t ? [t.weekday] : []))).size;
  const weekly = weekdaysSeen >= WEEKDAYS_FOR_BASELINE;
  const dayKeys = instants.map((t) => (t ? (weekly ? String(t.weekday) : 'any') : null));
  const dayFreq = frequencies(dayKeys);
  const usualDays = weekly ? formatDays(usualWeekdays(dayFreq.counts, dayFreq.total)) : 'any day';

  const gapSeconds = new Float64Array(n).fill(Number.NaN);
  const order = [...instants.keys()].filter((i) => instants[i]).sort((a, b) => epoch(a) - epoch(b) || a - b);
  function epoch(i: number): number {
    return instants[i]!.epochMs;
  }
  for (let k = 1; k < order.length; k++)
    gapSeconds[order[k]!] = (epoch(order[k]!) - epoch(order[k - 1]!)) / 1000;
  const medianGap = quantile(sortedFinite(gapSeconds), 0.5);
  const gap = gapSeconds.map((g) => Math.log1p(Math.min(g, medianGap)));
  imputeMedian(gap);

  return {
    features: [outside, rarity(dayKeys, dayFreq), gap],
    weight: 1,
    featureWeights: [2, 1, 1],
    describe: (row, parts) => {
      const t = instants[row];
      if (!t) return { actual_value: null, expected_value: windowText, deviation: 'missing timestamp' };
      const clock = formatClock(t.minuteOfDay);
      const day = DAY_NAMES[t.weekday]!;
      const notes = significantParts(parts).flatMap((k) => {
        if (k === 0 && outside[row]! > 0) return [`${clock}, outside usual ${windowText}`];
        if (k === 1)
          return [`${day}, ${formatShare(dayFreq.counts.get(String(t.weekday))! / dayFreq.total)} of rows`];
        const g = gapSeconds[row]!;
        if (k === 2 && g < medianGap) {
          return [`${formatDuration(g)} after the previous event, usually ${formatDuration(medianGap)}`];
        }
        return [];
      });
      const deviation = notes.length > 0 ? notes.join('; ') : `${day} ${clock}, close to usual activity`;
      switch (dominantPart(parts)) {
        case 1:
          return { actual_value: `${day} ${clock}`, expected_value: usualDays, deviation };
        case 2:
          return {
            actual_value: Number.isNaN(gapSeconds[row]!) ? clock : formatDuration(gapSeconds[row]!),
            expected_value: Number.isNaN(medianGap) ? null : formatDuration(medianGap),
            deviation,
          };
        default:
          return { actual_value: clock, expected_value: windowText, deviation };
      }
    },
  };
}

/** A run of whole hours around the clock. */
export interface HourWindow {
  start: number;
  length: number;
}

/** Shortest run of whole hours, around the clock, holding 95 % of rows (the busiest on ties). */
export function usualWindow(hourCounts: readonly number[]): HourWindow {
  const total = hourCounts.reduce((a, b) => a + b, 0);
  for (let length = 1; length < 24; length++) {
    let best: HourWindow | null = null;
    let bestCover = -1;
    for (let start = 0; start < 24; start++) {
      let cover = 0;
      for (let k = 0; k < length; k++) cover += hourCounts[(start + k) % 24]!;
      if (cover > bestCover) {
        bestCover = cover;
        best = { start, length };
      }
    }
    if (best && bestCover >= USUAL_SHARE * total) return best;
  }
  return { start: 0, length: 24 };
}

/** Minutes from the window to a time of day, whichever way round the clock is shorter. */
export function minutesOutside(minuteOfDay: number, w: HourWindow): number {
  const rel = (minuteOfDay - w.start * 60 + 1440) % 1440;
  const span = w.length * 60;
  return rel < span ? 0 : Math.min(rel - span, 1440 - rel);
}

/** "09:00-17:00". */
export function formatWindow(w: HourWindow): string {
  return `${formatClock(w.start * 60)}-${formatClock(((w.start + w.length) % 24) * 60)}`;
}

function usualWeekdays(counts: Map<string, number>, total: number): Set<number> {
  const days = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const usual = new Set<number>();
  let cover = 0;
  for (const [day, count] of days) {
    if (cover >= USUAL_SHARE * total) break;
    usual.add(Number(day));
    cover += count;
  }
  return usual;
}

/** "Mon-Fri", "Mon, Wed-Thu": runs of usual days in Monday-first order. */
function formatDays(days: Set<number>): string {
  if (days.size === 7) return 'any day';
  const runs: string[] = [];
  let run: number[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const name = (d: number) => DAY_NAMES[d]!.slice(0, 3);
    runs.push(run.length === 1 ? name(run[0]!) : `${name(run[0]!)}-${name(run[run.length - 1]!)}`);
    run = [];
  };
  for (const d of MONDAY_FIRST) {
    if (days.has(d)) run.push(d);
    else flush();
  }
  flush();
  return runs.join(', ');
}

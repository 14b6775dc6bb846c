/** Rounds for people: integers stay integers, other values keep 3 significant digits. */
export function roundSensibly(x: number, integer = false): number {
  if (integer || Math.abs(x) >= 1000) return Math.round(x);
  if (x === 0) return 0;
  return Number(x.toPrecision(3));
}

/** Compact number text: "15000", "50.3", "0.0123". */
export function formatNumber(x: number): string {
  return String(roundSensibly(x));
}

/** A share of rows as a percentage with enough digits to be non-zero: "12%", "1.0%", "0.33%". */
export function formatShare(share: number): string {
  const pct = share * 100;
  if (pct >= 10) return `${Math.round(pct)}%`;
  if (pct >= 1) return `${pct.toFixed(1)}%`;
  return `${Number(pct.toPrecision(2))}%`;
}

/** "HH:MM" of a minute of the day. */
export function formatClock(minuteOfDay: number): string {
  const m = Math.floor(minuteOfDay) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** A duration in seconds as "45 s", "12 min", "3.5 h" or "2.1 days". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${Number((seconds / 3600).toPrecision(2))} h`;
  return `${Number((seconds / 86_400).toPrecision(2))} days`;
}

/** Sorted copy of the finite values. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) out.push(values[i]!);
  return Float64Array.from(out).sort();
}

/** Linear-interpolated quantile of sorted values (numpy's default); NaN when empty. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Replaces NaN entries by the median of the rest (0 when all are missing); returns that median. */
export function imputeMedian(values: Float64Array): number {
  const med = quantile(sortedFinite(values), 0.5);
  const fill = Number.isNaN(med) ? 0 : med;
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i]!)) values[i] = fill;
  return fill;
}

/** Counts of each non-null key and the most common one (first seen wins ties). */
export interface Frequencies {
  counts: Map<string, number>;
  total: number;
  mode: string | null;
}

/** Tallies keys, ignoring nulls. */
export function frequencies(keys: readonly (string | null)[]): Frequencies {
  const counts = new Map<string, number>();
  let total = 0;
  let mode: string | null = null;
  let best = 0;
  for (const k of keys) {
    if (k === null) continue;
    const c = (counts.get(k) ?? 0) + 1;
    counts.set(k, c);
    total++;
    if (c > best) {
      best = c;
      mode = k;
    }
  }
  return { counts, total, mode };
}

/**
 * Rarity -ln(frequency) of each row's key, clipped below at the rarity of a value half as
 * frequent as the median row's. The clip makes the feature one-sided — a value more
 * common than usual (one repeated IP among otherwise unique ones) is not suspicious — and
 * mutes the ordinary spread of frequencies (a user with 4 % of rows where most have 7 %),
 * which an isolation forest, being blind to scale, would otherwise amplify into false
 * alarms. Missing keys count as the median.
 */
export function rarity(keys: readonly (string | null)[], freq: Frequencies): Float64Array {
  const out = new Float64Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    out[i] = k === null ? Number.NaN : -Math.log(freq.counts.get(k)! / freq.total);
  }
  const floor = imputeMedian(out) + Math.LN2;
  for (let i = 0; i < out.length; i++) if (out[i]! < floor) out[i] = floor;
  return out;
}

/** Centre and spread for robust standardisation: median and IQR, falling back when the IQR is 0. */
export function robustScale(values: Float64Array): { center: number; scale: number } {
  const sorted = sortedFinite(values);
  const center = quantile(sorted, 0.5);
  const iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
  if (iqr > 0) return { center, scale: iqr };
  // Mostly-constant features (rarity, flags) have IQR 0; their mean deviation still sizes the tail.
  let dev = 0;
  for (const v of sorted) dev += Math.abs(v - center);
  dev /= Math.max(sorted.length, 1);
  return { center, scale: dev > 0 ? dev : 1 };
}

/**
 * Tukey's "far out" fence, Q3 + 3·IQR: a label-free line above which a score is extreme for
 * its own distribution.
 */
export function extremeUpperFence(values: ArrayLike<number>): number {
  const sorted = sortedFinite(values);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  return q3 + 3 * (q3 - q1);
}

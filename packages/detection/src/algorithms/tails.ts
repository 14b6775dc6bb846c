import { encodeFloat64 } from './base';
import { lowerBound, powerOfTwoNear, sortedColumns, upperBound } from './column-stats';
import type { Matrix } from './types';

/**
 * Per-feature empirical tail probabilities of the training rows, for ECOD and COPOD.
 * Tails are conformal p-values, (count + 1) / (n + 1) with the count of training values at
 * or beyond the value: never 0, so a value outside the training range gets a finite
 * −ln p = ln(n + 1) rather than infinity, and it still outranks the training extremes.
 * Each feature's distribution is that of its observed values: n counts the rows where the
 * feature is not missing.
 */
export class TailModel {
  private readonly sorted: Float64Array[];
  /** Sign of each feature's sample skewness (0 for a symmetric or constant feature). */
  readonly skewSign: Int8Array;

  constructor(m: Matrix) {
    this.sorted = sortedColumns(m);
    this.skewSign = Int8Array.from(this.sorted, skewnessSign);
  }

  /** −ln P(X ≤ v) on feature j. */
  left(j: number, v: number): number {
    const sorted = this.sorted[j]!;
    return -Math.log((upperBound(sorted, v) + 1) / (sorted.length + 1));
  }

  /** −ln P(X ≥ v) on feature j. */
  right(j: number, v: number): number {
    const sorted = this.sorted[j]!;
    const n = sorted.length;
    return -Math.log((n - lowerBound(sorted, v) + 1) / (n + 1));
  }

  /** The sorted training columns (base64 float64) and skewness signs. */
  toJSON(): unknown {
    return { sortedColumns: this.sorted.map(encodeFloat64), skewSign: Array.from(this.skewSign) };
  }
}

/**
 * Sign of the sample skewness m₃ / m₂^1.5, computed in units of a power of two near the
 * largest magnitude: cubes overflow from ~1e102 on, and +∞ − ∞ would leave no sign at all.
 */
function skewnessSign(sorted: Float64Array): number {
  const unit = powerOfTwoNear(Math.max(-sorted[0]!, sorted.at(-1)!));
  let mean = 0;
  for (const v of sorted) mean += v / unit;
  mean /= sorted.length;
  let m3 = 0;
  for (const v of sorted) m3 += (v / unit - mean) ** 3;
  return Math.sign(m3);
}

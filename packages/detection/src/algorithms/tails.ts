import { encodeFloat64 } from './base';
import { lowerBound, sortedColumns, upperBound } from './column-stats';
import type { Matrix } from './types';

/**
 * Per-feature empirical tail probabilities of the training rows, for ECOD and COPOD.
 * Tails are conformal p-values, (count + 1) / (n + 1) with the count of training values at
 * or beyond the value: never 0, so a value outside the training range gets a finite
 * −ln p = ln(n + 1) rather than infinity, and it still outranks the training extremes.
 */
export class TailModel {
  private readonly sorted: Float64Array[];
  private readonly n: number;
  /** Sign of each feature's sample skewness (0 for a symmetric or constant feature). */
  readonly skewSign: Int8Array;

  constructor(m: Matrix) {
    this.n = m.n;
    this.sorted = sortedColumns(m);
    this.skewSign = Int8Array.from(this.sorted, skewnessSign);
  }

  /** −ln P(X ≤ v) on feature j. */
  left(j: number, v: number): number {
    return -Math.log((upperBound(this.sorted[j]!, v) + 1) / (this.n + 1));
  }

  /** −ln P(X ≥ v) on feature j. */
  right(j: number, v: number): number {
    return -Math.log((this.n - lowerBound(this.sorted[j]!, v) + 1) / (this.n + 1));
  }

  /** The sorted training columns (base64 float64) and skewness signs. */
  toJSON(): unknown {
    return { sortedColumns: this.sorted.map(encodeFloat64), skewSign: Array.from(this.skewSign) };
  }
}

/** Sign of the sample skewness m₃ / m₂^1.5. */
function skewnessSign(sorted: Float64Array): number {
  let mean = 0;
  for (const v of sorted) mean += v;
  mean /= sorted.length;
  let m3 = 0;
  for (const v of sorted) m3 += (v - mean) ** 3;
  return Math.sign(m3);
}

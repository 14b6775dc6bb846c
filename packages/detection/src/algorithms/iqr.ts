import { quantile } from '../stats';
import { BaseDetector } from './base';
import { constantScale, meanDeviationSigma, sortedColumns } from './column-stats';
import { CONTAMINATION, resolveParams } from './params';
import type { AlgorithmSpec, Contamination, Matrix } from './types';

/** Options of {@link Iqr}. */
export type IqrOptions = { whisker?: number; contamination?: Contamination };

const PARAMETERS = [
  {
    name: 'whisker',
    type: 'float',
    default: 1.5,
    min: 0,
    max: 10,
    description: "Fence distance in IQRs beyond the quartiles (Tukey's 1.5; 3 for 'far out').",
  },
  CONTAMINATION,
] as const;

/** The IQR of a normal feature is 1.349 standard deviations. */
const SIGMA_TO_IQR = 1.349;

/**
 * Tukey's fences per feature: a value below Q1 − w·IQR or above Q3 + w·IQR is out by
 * its distance to the fence, in IQRs; the raw score sums these over the features, so a
 * row out on several features outranks one out on a single feature by as much. Rows inside
 * every fence all score 0 — the method says "not an outlier", not "how typical". Fences come
 * from each feature's observed values; a missing value is skipped (adds 0, as a value inside
 * the fences does, which is what most training values are).
 */
export class Iqr extends BaseDetector {
  readonly name = 'iqr';
  protected readonly missingHandling = 'skip';
  private readonly whisker: number;
  private lower = new Float64Array(0);
  private upper = new Float64Array(0);
  private unit = new Float64Array(0);

  constructor(options: IqrOptions = {}) {
    const p = resolveParams('iqr', PARAMETERS, options);
    super(p.contamination as Contamination, p);
    this.whisker = p.whisker as number;
  }

  protected fitModel(m: Matrix): Float64Array {
    const cols = sortedColumns(m);
    this.lower = new Float64Array(m.d);
    this.upper = new Float64Array(m.d);
    this.unit = new Float64Array(m.d);
    cols.forEach((sorted, j) => {
      const q1 = quantile(sorted, 0.25);
      const q3 = quantile(sorted, 0.75);
      this.lower[j] = q1 - this.whisker * (q3 - q1);
      this.upper[j] = q3 + this.whisker * (q3 - q1);
      // A zero IQR (over half the values tie) would make any other value infinitely far out.
      const median = quantile(sorted, 0.5);
      this.unit[j] = q3 - q1 || SIGMA_TO_IQR * meanDeviationSigma(sorted, median) || constantScale(median);
    });
    return this.rawScores(m);
  }

  protected rawScores({ data, n, d }: Matrix): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < d; j++) sum += this.excess(j, data[i * d + j]!);
      out[i] = sum;
    }
    return out;
  }

  /** Distance outside each feature's fences, in IQRs (0 inside); they sum to the score. */
  protected explainRow(row: Float64Array): Float64Array {
    return row.map((v, j) => this.excess(j, v));
  }

  protected modelJSON(): unknown {
    return { lower: Array.from(this.lower), upper: Array.from(this.upper), unit: Array.from(this.unit) };
  }

  private excess(j: number, v: number): number {
    if (Number.isNaN(v)) return 0;
    const out = Math.max(this.lower[j]! - v, v - this.upper[j]!);
    return out > 0 ? out / this.unit[j]! : 0;
  }
}

/** Registry entry of {@link Iqr}. */
export const iqrSpec: AlgorithmSpec = {
  name: 'iqr',
  label: 'IQR (Tukey fences)',
  description:
    "Distance of each value outside its feature's Tukey fences, in IQRs, summed over the features.",
  family: 'statistical',
  parameters: PARAMETERS,
  scoreRange: '[0, ∞): sum over features of the distance beyond the fences in IQRs; 0 inside them',
  complexity: 'O(n·d·log n) fit (sorting), O(n·d) score',
  create: (params) => new Iqr(params),
};

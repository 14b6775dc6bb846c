import { BaseDetector } from './base';
import { CONTAMINATION, resolveParams } from './params';
import { TailModel } from './tails';
import type { AlgorithmSpec, Contamination, Matrix } from './types';

/** Options of {@link Ecod}. */
export type EcodOptions = { contamination?: Contamination };

const PARAMETERS = [CONTAMINATION];

/**
 * ECOD (Li et al. 2022, TKDE): per feature, the empirical probability of a value at least
 * this far in the left and in the right tail; the raw score is the largest of three sums of
 * −ln p over the features — all left tails, all right tails, and each feature's tail on the
 * side its skewness points to — as in the paper's Algorithm 1. Parameter-free and needs no
 * distances, so it scales linearly and is blind to correlations between features.
 */
export class Ecod extends BaseDetector {
  readonly name = 'ecod';
  private tails: TailModel | undefined;

  constructor(options: EcodOptions = {}) {
    const p = resolveParams('ecod', PARAMETERS, options);
    super(p.contamination as Contamination, p);
  }

  protected fitModel(m: Matrix): Float64Array {
    this.tails = new TailModel(m);
    return this.rawScores(m);
  }

  protected rawScores({ data, n, d }: Matrix): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.terms(data.subarray(i * d, i * d + d)).total;
    return out;
  }

  /** −ln(tail probability) per feature on the side (left, right or skewness) that gave the score; they sum to it. */
  protected explainRow(row: Float64Array): Float64Array {
    return this.terms(row).parts;
  }

  protected modelJSON(): unknown {
    return this.tails!.toJSON();
  }

  private terms(row: Float64Array): { total: number; parts: Float64Array } {
    const t = this.tails!;
    const d = row.length;
    const left = new Float64Array(d);
    const right = new Float64Array(d);
    let sumLeft = 0;
    let sumRight = 0;
    let sumSkew = 0;
    for (let j = 0; j < d; j++) {
      left[j] = t.left(j, row[j]!);
      right[j] = t.right(j, row[j]!);
      sumLeft += left[j]!;
      sumRight += right[j]!;
      sumSkew += t.skewSign[j]! < 0 ? left[j]! : right[j]!;
    }
    if (sumSkew >= sumLeft && sumSkew >= sumRight) {
      return { total: sumSkew, parts: left.map((l, j) => (t.skewSign[j]! < 0 ? l : right[j]!)) };
    }
    return sumLeft >= sumRight ? { total: sumLeft, parts: left } : { total: sumRight, parts: right };
  }
}

/** Registry entry of {@link Ecod}. */
export const ecodSpec: AlgorithmSpec = {
  name: 'ecod',
  label: 'ECOD',
  description:
    'Empirical-CDF outlier detection: how improbably far into the tails of each feature a row lies, ' +
    'with the tail chosen by skewness. Parameter-free.',
  family: 'statistical',
  parameters: PARAMETERS,
  scoreRange: '[0, d·ln(n + 1)]: a sum over features of −ln(tail probability)',
  complexity: 'O(n·d·log n) fit and score; O(n·d) memory (sorted training columns)',
  create: (params) => new Ecod(params),
};

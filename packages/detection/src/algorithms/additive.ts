import { BaseDetector } from './base';
import type { Matrix } from './types';

/**
 * A detector whose raw score is a sum of one term per feature (COPOD's and HBOS's negative
 * log-probabilities): the terms are also the row's explanation, and they add up to its score.
 */
export abstract class AdditiveDetector extends BaseDetector {
  /** Feature `j`'s term for value `v`. */
  protected abstract term(j: number, v: number): number;

  protected rawScores({ data, n, d }: Matrix): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < d; j++) sum += this.term(j, data[i * d + j]!);
      out[i] = sum;
    }
    return out;
  }

  protected explainRow(row: Float64Array): Float64Array {
    return row.map((v, j) => this.term(j, v));
  }
}

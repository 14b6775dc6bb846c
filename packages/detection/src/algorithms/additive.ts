import { BaseDetector } from './base';
import type { Matrix } from './types';

/**
 * A detector whose raw score is a sum of one term per feature (COPOD's and HBOS's negative
 * log-probabilities): the terms are also the row's explanation, and they add up to its score.
 * A missing value adds its feature's mean term over the training rows ('expected' handling,
 * see missing.ts), so a row with a gap scores as if the value were drawn from the training
 * rows, neither favoured nor penalised against complete rows on average.
 */
export abstract class AdditiveDetector extends BaseDetector {
  protected readonly missingHandling = 'expected';
  /** Mean term of each feature over the training rows' observed values. */
  private expected = new Float64Array(0);

  /** Learns what {@link term} needs from the training rows (NaN = missing). */
  protected abstract fitTerms(m: Matrix): void;
  /** Feature `j`'s term for an observed value `v`. */
  protected abstract term(j: number, v: number): number;

  protected fitModel(m: Matrix): Float64Array {
    this.fitTerms(m);
    const { data, n, d } = m;
    // Every observed cell's term once: their means fill the gaps, their row sums are the scores.
    const terms = new Float64Array(n * d);
    const sum = new Float64Array(d);
    const count = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const v = data[i * d + j]!;
        if (Number.isNaN(v)) continue;
        const t = this.term(j, v);
        terms[i * d + j] = t;
        sum[j] = sum[j]! + t;
        count[j]!++;
      }
    }
    this.expected = sum.map((s, j) => s / count[j]!);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let total = 0;
      for (let j = 0; j < d; j++)
        total += Number.isNaN(data[i * d + j]!) ? this.expected[j]! : terms[i * d + j]!;
      out[i] = total;
    }
    return out;
  }

  protected rawScores({ data, n, d }: Matrix): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < d; j++) sum += this.termOrExpected(j, data[i * d + j]!);
      out[i] = sum;
    }
    return out;
  }

  protected explainRow(row: Float64Array): Float64Array {
    return row.map((v, j) => this.termOrExpected(j, v));
  }

  private termOrExpected(j: number, v: number): number {
    return Number.isNaN(v) ? this.expected[j]! : this.term(j, v);
  }
}

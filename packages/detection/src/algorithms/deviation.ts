import { BaseDetector } from './base';
import type { ColumnScale } from './column-stats';
import type { Matrix } from './types';

/**
 * Detectors that standardise each feature and score a row by its most extreme value:
 * raw score = max_j |x_j − center_j| / scale_j. One wild value is enough to make a row an
 * outlier, which is what a per-feature rule of thumb (|z| > 3) means. Centres and scales
 * come from each feature's observed values; a missing value is skipped (the maximum is over
 * the features the row has: a value that is not there cannot be the extreme one).
 */
export abstract class MaxDeviationDetector extends BaseDetector {
  protected readonly missingHandling = 'skip';
  private cols: ColumnScale = { center: new Float64Array(0), scale: new Float64Array(0) };

  /** Centre and scale of each feature, learnt from the training rows. */
  protected abstract fitScale(m: Matrix): ColumnScale;

  protected fitModel(m: Matrix): Float64Array {
    this.cols = this.fitScale(m);
    return this.rawScores(m);
  }

  protected rawScores({ data, n, d }: Matrix): Float64Array {
    const { center, scale } = this.cols;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let worst = 0;
      for (let j = 0; j < d; j++) {
        const v = data[i * d + j]!;
        if (Number.isNaN(v)) continue;
        const z = Math.abs(v - center[j]!) / scale[j]!;
        if (z > worst) worst = z;
      }
      out[i] = worst;
    }
    return out;
  }

  /** |z| of each feature (0 where missing): the score is the largest of them. */
  protected explainRow(row: Float64Array): Float64Array {
    const { center, scale } = this.cols;
    return row.map((v, j) => (Number.isNaN(v) ? 0 : Math.abs(v - center[j]!) / scale[j]!));
  }

  protected modelJSON(): unknown {
    return { center: Array.from(this.cols.center), scale: Array.from(this.cols.scale) };
  }
}

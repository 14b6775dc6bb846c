import { BaseDetector } from './base';
import type { ColumnScale } from './column-stats';
import type { Matrix } from './types';

/**
 * Detectors that standardise each feature and score a row by its most extreme value:
 * raw score = max_j |x_j − center_j| / scale_j. One wild value is enough to make a row an
 * outlier, which is what a per-feature rule of thumb (|z| > 3) means.
 */
export abstract class MaxDeviationDetector extends BaseDetector {
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
        const z = Math.abs(data[i * d + j]! - center[j]!) / scale[j]!;
        if (z > worst) worst = z;
      }
      out[i] = worst;
    }
    return out;
  }

  /** |z| of each feature: the score is the largest of them. */
  protected explainRow(row: Float64Array): Float64Array {
    const { center, scale } = this.cols;
    return row.map((v, j) => Math.abs(v - center[j]!) / scale[j]!);
  }

  protected modelJSON(): unknown {
    return { center: Array.from(this.cols.center), scale: Array.from(this.cols.scale) };
  }
}

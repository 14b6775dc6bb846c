import { quantile } from '../stats';
import { type ColumnScale, constantScale, meanDeviationSigma, sortedColumns } from './column-stats';
import { MaxDeviationDetector } from './deviation';
import { CONTAMINATION, resolveParams } from './params';
import type { AlgorithmSpec, Contamination, Matrix } from './types';

/** Options of {@link RobustZScore}. */
export type RobustZScoreOptions = { contamination?: Contamination };

const PARAMETERS = [CONTAMINATION];

/** MAD × 1.4826 estimates the standard deviation of a normal feature. */
const MAD_TO_SIGMA = 1.4826;

/**
 * Robust z-score (Iglewicz & Hoaglin's modified z): raw score = max over features of
 * |x − median| / (1.4826 · MAD). Median and MAD ignore up to half the rows, so a cluster
 * of outliers cannot widen the yardstick that should expose it. When over half a feature's
 * values tie (MAD = 0) the scale falls back to the mean absolute deviation, and a constant
 * feature to a tiny scale, as in {@link ZScore}.
 */
export class RobustZScore extends MaxDeviationDetector {
  readonly name = 'robust-zscore';

  constructor(options: RobustZScoreOptions = {}) {
    const p = resolveParams('robust-zscore', PARAMETERS, options);
    super(p.contamination as Contamination, p);
  }

  protected fitScale(m: Matrix): ColumnScale {
    const cols = sortedColumns(m);
    const center = new Float64Array(m.d);
    const scale = new Float64Array(m.d);
    cols.forEach((sorted, j) => {
      const median = quantile(sorted, 0.5);
      const deviations = sorted.map((v) => Math.abs(v - median)).sort();
      center[j] = median;
      scale[j] =
        MAD_TO_SIGMA * quantile(deviations, 0.5) ||
        meanDeviationSigma(sorted, median) ||
        constantScale(median);
    });
    return { center, scale };
  }
}

/** Registry entry of {@link RobustZScore}. */
export const robustZScoreSpec: AlgorithmSpec = {
  name: 'robust-zscore',
  label: 'Robust z-score (MAD)',
  description:
    'Like the z-score, but measured from the median in units of the median absolute deviation, ' +
    'so the outliers cannot mask themselves.',
  family: 'statistical',
  parameters: PARAMETERS,
  scoreRange: '[0, ∞): max over features of |x − median| / (1.4826 · MAD)',
  complexity: 'O(n·d·log n) fit (sorting), O(n·d) score',
  create: (params) => new RobustZScore(params),
};

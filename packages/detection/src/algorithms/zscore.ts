import { constantScale, meanStd } from './column-stats';
import { MaxDeviationDetector } from './deviation';
import { CONTAMINATION, resolveParams } from './params';
import type { AlgorithmSpec, Contamination, Matrix } from './types';

/** Options of {@link ZScore}. */
export type ZScoreOptions = { contamination?: Contamination };

const PARAMETERS = [CONTAMINATION];

/**
 * Z-score detector: raw score = max over features of |x − mean| / sd (population sd of the
 * training rows). Fast and explainable but assumes roughly normal features, and the
 * outliers themselves inflate the mean and sd they are measured with (see robust-zscore).
 * A constant feature scores 0 where equal to its value and about 1e9 elsewhere.
 */
export class ZScore extends MaxDeviationDetector {
  readonly name = 'zscore';

  constructor(options: ZScoreOptions = {}) {
    const p = resolveParams('zscore', PARAMETERS, options);
    super(p.contamination as Contamination, p);
  }

  protected fitScale(m: Matrix) {
    return meanStd(m, constantScale);
  }
}

/** Registry entry of {@link ZScore}. */
export const zscoreSpec: AlgorithmSpec = {
  name: 'zscore',
  label: 'Z-score',
  description: 'How many standard deviations the most extreme value of a row lies from its feature mean.',
  family: 'statistical',
  parameters: PARAMETERS,
  scoreRange: '[0, ∞): max over features of |x − mean| / sd',
  complexity: 'O(n·d) fit and score',
  create: (params) => new ZScore(params),
};

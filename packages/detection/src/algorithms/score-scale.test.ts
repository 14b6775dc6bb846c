import { describe, expect, it } from 'vitest';
import { Random } from '../random';
import { gaussian } from '../test-data';
import { distinctRows } from './distinct';
import { defaultEnsemble } from './ensemble';
import { IsolationForestDetector } from './isolation-forest';
import { contaminationThreshold, countAbove, fitScoreScale, normalizeScores } from './score-scale';
import type { Detector } from './types';

describe('score scale', () => {
  it('min-max scales by the training scores and clips', () => {
    // Single detectors' training scores therefore span exactly [0, 1].
    const scale = fitScoreScale(Float64Array.of(2, 4, 6, 10));
    expect(Array.from(normalizeScores(Float64Array.of(0, 2, 4, 10, 12), scale))).toEqual([0, 0, 0.25, 1, 1]);
  });

  it('maps everything above equal training scores to 1 and the rest to 0', () => {
    const scale = fitScoreScale(Float64Array.of(3, 3, 3));
    expect(Array.from(normalizeScores(Float64Array.of(2, 3, 3.5), scale))).toEqual([0, 0, 1]);
  });

  it("puts 'auto' at the Tukey upper fence and a share at the upper quantile", () => {
    const training = Float64Array.from({ length: 101 }, (_, i) => i / 100);
    // Q1 0.25, Q3 0.75: the fence 1.5 is past every score, so it is capped at 1.
    expect(contaminationThreshold(training, 'auto')).toBe(1);
    expect(contaminationThreshold(training, 0.1)).toBeCloseTo(0.9, 12);
    expect(countAbove(training, 0.9)).toBe(10);
    const skewed = Float64Array.of(0, 0, 0.01, 0.02, 0.02, 0.03, 0.04, 1);
    const fence = contaminationThreshold(skewed, 'auto');
    // Q1 = 0.0075 and Q3 = 0.0325 by linear interpolation.
    expect(fence).toBeCloseTo(0.0325 + 1.5 * 0.025, 12);
    expect(countAbove(skewed, fence)).toBe(1);
  });

  it("takes 'auto' over distinct rows only, when given them", () => {
    const training = Float64Array.of(0, 0, 0, 0, 0, 0.2, 0.3, 0.4, 0.5, 1);
    // All rows: Q1 0, Q3 0.375, fence 0.9375. The five zeros as one row: Q1 0.225, Q3 0.475, fence 0.85.
    expect(contaminationThreshold(training, 'auto')).toBeCloseTo(0.9375, 12);
    expect(contaminationThreshold(training, 'auto', () => Int32Array.of(0, 5, 6, 7, 8, 9))).toBeCloseTo(
      0.85,
      12,
    );
    // Without a tie there is no repeated row to look for.
    const untied = Float64Array.of(0, 0.1, 0.2, 1);
    expect(contaminationThreshold(untied, 'auto', () => Int32Array.of(3))).toBe(
      contaminationThreshold(untied, 'auto'),
    );
    // A share is of all training rows, repeats included.
    expect(contaminationThreshold(training, 0.1, () => Int32Array.of(0, 5))).toBeCloseTo(0.55, 12);
  });

  it('finds repeated rows bit for bit, NaN included', () => {
    const nan = Number.NaN;
    const data = Float64Array.of(1, 2, 3, 4, 1, 2, nan, 5, nan, 5, 1, 2.0000000001);
    expect(Array.from(distinctRows({ data, n: 6, d: 2 }) ?? [])).toEqual([0, 1, 3, 5]);
    expect(distinctRows({ data: Float64Array.of(1, 2, 3), n: 3, d: 1 })).toBeUndefined();
  });

  /** Draws of 200 rows × d, half of them one repeated row, the last a 30σ outlier: how many flag it. */
  function flaggedAmongDuplicates(d: number, detector: (seed: number) => Detector): number {
    let flagged = 0;
    for (let seed = 0; seed < 40; seed++) {
      const rng = new Random(seed);
      const n = 200;
      const data = Float64Array.from({ length: n * d }, () => gaussian(rng));
      for (let i = 1; i < n / 2; i++) data.copyWithin(i * d, 0, d);
      data[(n - 1) * d] = 30;
      const fitted = detector(seed).fit({ data, n, d });
      if (fitted.trainingScores()[n - 1]! > fitted.threshold()) flagged++;
    }
    return flagged;
  }

  it("'auto' flags a 30σ outlier among 50 % duplicated rows in each of 40 draws", () => {
    // Half the rows one repeated row: as a mass of equal scores it set the fence above 1 (21 of 40 flagged).
    expect(flaggedAmongDuplicates(5, (seed) => new IsolationForestDetector({ randomState: seed }))).toBe(40);
  });

  it("the ensemble's 'auto' counts distinct rows too (3 of 40 flagged at 8 features before)", () => {
    // The rest are draws whose fence over the 101 distinct rows reaches 1, the top of the score
    // scale, where the outlier's combined score sits: no row can pass it, duplicates or not.
    expect(flaggedAmongDuplicates(8, () => defaultEnsemble())).toBeGreaterThanOrEqual(35);
  });
});

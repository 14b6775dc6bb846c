import { describe, expect, it } from 'vitest';
import { contaminationThreshold, countAbove, fitScoreScale, normalizeScores } from './score-scale';

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
});

import { describe, expect, it } from 'vitest';
import { detectorContract, matrix, TAILS } from './detector-contract';
import { Ecod } from './ecod';

describe('Ecod', () => {
  detectorContract((p) => new Ecod(p), TAILS);
  describe("with the paper's aggregation", () => {
    detectorContract((p) => new Ecod({ aggregation: 'paper', ...p }), TAILS);
  });

  // Feature 0 skews right (a long upper tail), feature 1 left.
  const x = matrix([
    [0, 0],
    [1, 9],
    [1, 9],
    [2, 10],
    [10, 10],
  ]);

  it('scores per feature the more extreme tail as a conformal −ln p', () => {
    const ecod = new Ecod().fit(x);
    // A value below everything: P(X ≤ v) = (0 + 1) / 6 on both features.
    const [low] = ecod.score(matrix([[-1, -1]]));
    expect(low).toBeCloseTo(2 * Math.log(6), 12);
    const parts = ecod.explain(matrix([[10, 0]]), 0);
    // 10 is the maximum of feature 0: P(X ≥ 10) = (1 + 1) / 6; 0 the minimum of feature 1.
    expect(parts[0]).toBeCloseTo(Math.log(3), 12);
    expect(parts[1]).toBeCloseTo(Math.log(3), 12);
  });

  it("takes the paper's maximum over left, right and skewness-side sums", () => {
    const paper = new Ecod({ aggregation: 'paper' }).fit(x);
    // On the skewness sides (right of feature 0, left of feature 1) this row is extreme on both.
    const skewSide = paper.explain(matrix([[10, 0]]), 0);
    expect(skewSide[0]).toBeCloseTo(Math.log(3), 12);
    expect(skewSide[1]).toBeCloseTo(Math.log(3), 12);
    // Extreme left on 0 and right on 1 fits no single side: the paper's score is lower than per-feature.
    const row = matrix([[0, 10]]);
    expect(paper.score(row)[0]).toBeLessThan(new Ecod().fit(x).score(row)[0]!);
  });
});

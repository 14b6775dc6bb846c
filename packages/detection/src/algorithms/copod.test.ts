import { describe, expect, it } from 'vitest';
import { Copod } from './copod';
import { detectorContract, matrix, TAILS } from './detector-contract';

describe('Copod', () => {
  detectorContract((p) => new Copod(p), TAILS);

  it('adds per feature the larger of its skewness-side tail and the mean of both tails', () => {
    // Skews right: the right tail counts, or the mean of both when the left one is extreme.
    const copod = new Copod().fit(matrix([[0], [1], [1], [2], [10]]));
    const left = (v: number) => -Math.log(([0, 1, 1, 2, 10].filter((x) => x <= v).length + 1) / 6);
    const right = (v: number) => -Math.log(([0, 1, 1, 2, 10].filter((x) => x >= v).length + 1) / 6);
    for (const v of [-3, 0, 1, 5, 10, 12]) {
      expect(copod.score(matrix([[v]]))[0]).toBeCloseTo(Math.max(right(v), (left(v) + right(v)) / 2), 12);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { detectorContract, matrix } from './detector-contract';
import { ZScore } from './zscore';

describe('ZScore', () => {
  detectorContract((p) => new ZScore(p));

  it('scores the largest |z| and explains with each |z|', () => {
    // Feature 0: mean 2, population variance 8/3; feature 1: mean 10, variance 2/3.
    const x = matrix([
      [0, 10],
      [2, 11],
      [4, 9],
    ]);
    const z = new ZScore().fit(x);
    const sd1 = Math.sqrt(2 / 3);
    expect(Array.from(z.score(matrix([[2, 12]])))).toEqual([2 / sd1]);
    const parts = z.explain(matrix([[5, 10]]), 0);
    expect(parts[0]).toBeCloseTo(3 / Math.sqrt(8 / 3), 12);
    expect(parts[1]).toBe(0);
  });

  it('treats any departure from a constant feature as extreme', () => {
    const z = new ZScore().fit(
      matrix([
        [1, 0.1],
        [2, 0.1],
        [3, 0.1],
      ]),
    );
    const [same, off] = z.score(
      matrix([
        [2, 0.1],
        [2, 0.2],
      ]),
    );
    expect(same).toBe(0);
    expect(off).toBeGreaterThan(1e6);
  });
});

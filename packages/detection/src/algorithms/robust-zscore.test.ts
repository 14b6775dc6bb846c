import { describe, expect, it } from 'vitest';
import { detectorContract, matrix, topRows } from './detector-contract';
import { RobustZScore } from './robust-zscore';
import { ZScore } from './zscore';

describe('RobustZScore', () => {
  detectorContract((p) => new RobustZScore(p));

  it('measures from the median in units of 1.4826 · MAD', () => {
    // Median 3, absolute deviations 2, 1, 0, 1, 97 → MAD 1.
    const r = new RobustZScore().fit(matrix([[1], [2], [3], [4], [100]]));
    expect(r.score(matrix([[6]]))[0]).toBeCloseTo(3 / 1.4826, 12);
  });

  it('is not masked by a cluster of outliers that inflates the standard deviation', () => {
    const rows = [
      ...Array.from({ length: 90 }, (_, i) => [i % 10]),
      ...Array.from({ length: 10 }, () => [60]),
    ];
    const x = matrix(rows);
    const planted = Array.from({ length: 10 }, (_, i) => 90 + i);
    expect(topRows(new RobustZScore().fit(x).score(x), 10)).toEqual(planted);
    // The plain z-score still ranks them first but sees them barely 3 sd out.
    expect(new ZScore().fit(x).score(x)[95]).toBeLessThan(3.1);
    expect(new RobustZScore().fit(x).score(x)[95]).toBeGreaterThan(10);
  });

  it('falls back to the mean absolute deviation when over half the values tie', () => {
    const r = new RobustZScore().fit(matrix([[0], [0], [0], [0], [0], [1], [2]]));
    const [tie, far] = r.score(matrix([[0], [5]]));
    expect(tie).toBe(0);
    expect(Number.isFinite(far!) && far! > 5).toBe(true);
  });
});

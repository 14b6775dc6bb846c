import { describe, expect, it } from 'vitest';
import { detectorContract, matrix } from './detector-contract';
import { Knn } from './knn';

describe('Knn', () => {
  detectorContract((p) => new Knn(p));
  describe('with the mean distance', () => {
    detectorContract((p) => new Knn({ method: 'mean', ...p }));
  });

  // On a line, unscaled: each row's neighbours are other rows, never itself.
  const line = matrix([[0], [1], [3], [6], [20]]);

  it('scores the distance to the k-th other row, or the mean over k', () => {
    expect(Array.from(new Knn({ k: 2, standardize: false }).fit(line).score(line))).toEqual([3, 2, 3, 5, 17]);
    const mean = new Knn({ k: 2, method: 'mean', standardize: false }).fit(line);
    expect(Array.from(mean.score(line))).toEqual([2, 1.5, 2.5, 4, 15.5]);
    // New rows have every training row as a candidate neighbour.
    expect(Array.from(mean.score(matrix([[2], [10]])))).toEqual([1, 5.5]);
  });

  it('uses fewer neighbours when there are fewer other rows, and says so', () => {
    const knn = new Knn({ k: 10, standardize: false }).fit(line);
    expect(Array.from(knn.score(line))).toEqual([20, 19, 17, 14, 20]);
    expect(knn.report().adjusted).toEqual([
      { name: 'k', requested: 10, used: 4, reason: '5 training rows have at most 4 neighbours each' },
    ]);
    expect(new Knn({ k: 4 }).fit(line).report().adjusted).toEqual([]);
  });

  it('ranks the outlier of unstandardised values near 1e200, whose squared distances overflow', () => {
    const far = matrix([[0], [1], [3], [6], [20]].map(([v]) => [v! * 1e200, -v! * 1e200]));
    const scores = new Knn({ k: 2, standardize: false }).fit(far).score(far);
    expect(scores.every(Number.isFinite)).toBe(true);
    expect(scores.indexOf(Math.max(...scores))).toBe(4);
  });

  it('explains by the squared differences to the neighbours per feature', () => {
    const x = matrix([
      [0, 0],
      [0, 1],
      [1, 0],
      [9, 0],
    ]);
    const parts = new Knn({ k: 1, standardize: false }).fit(x).explain(x, 3);
    expect(Array.from(parts)).toEqual([64, 0]);
  });
});

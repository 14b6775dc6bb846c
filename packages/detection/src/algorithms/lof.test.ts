import { describe, expect, it } from 'vitest';
import { detectorContract, matrix } from './detector-contract';
import { Lof } from './lof';

describe('Lof', () => {
  detectorContract((p) => new Lof(p));

  it('matches scikit-learn’s LocalOutlierFactor', () => {
    // sklearn 1.2.1: -LocalOutlierFactor(n_neighbors=2).fit(X).negative_outlier_factor_
    const x = matrix([[0], [1], [2], [3], [4], [20]]);
    const expected = [1.249999999975, 1.249999999975, 0.6666666666888889, 1.249999999975, 1.249999999975, 11];
    const scores = new Lof({ k: 2, standardize: false }).fit(x).score(x);
    scores.forEach((s, i) => {
      expect(s).toBeCloseTo(expected[i]!, 8);
    });
  });

  it('matches scikit-learn with duplicate rows', () => {
    // sklearn 1.2.1, n_neighbors=3; rows 0 and 6 are equal.
    const x = matrix([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [0.5, 0.5],
      [5, 5],
      [0, 0],
    ]);
    const expected = [0.96745631, 0.96745631, 0.96745631, 0.96745631, 1.10819419, 6.58428276, 0.96745631];
    const scores = new Lof({ k: 3, standardize: false }).fit(x).score(x);
    scores.forEach((s, i) => {
      expect(s).toBeCloseTo(expected[i]!, 7);
    });
  });

  it('cuts k to the other rows there are and reports it', () => {
    const x = matrix([[0], [1], [3]]);
    const lof = new Lof({ k: 20 }).fit(x);
    expect(lof.report().adjusted).toEqual([
      { name: 'k', requested: 20, used: 2, reason: '3 training rows have at most 2 neighbours each' },
    ]);
    expect(Array.from(lof.score(x))).toEqual(Array.from(new Lof({ k: 2 }).fit(x).score(x)));
  });

  it('scores new rows against the training neighbourhoods', () => {
    const x = matrix([[0], [1], [2], [3], [4]]);
    const lof = new Lof({ k: 2, standardize: false }).fit(x);
    const [inside, outside] = lof.score(matrix([[2.5], [30]]));
    expect(inside).toBeLessThan(1.5);
    expect(outside).toBeGreaterThan(10);
  });
});

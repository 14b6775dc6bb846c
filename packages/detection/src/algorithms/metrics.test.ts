import { describe, expect, it } from 'vitest';
import { auc, averagePrecision } from './metrics';

describe('auc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one and 0.5 when all tie', () => {
    expect(auc([0.1, 0.2, 0.9, 0.8], [0, 0, 1, 1])).toBe(1);
    expect(auc([0.9, 0.8, 0.1, 0.2], [0, 0, 1, 1])).toBe(0);
    expect(auc([1, 1, 1, 1], [0, 1, 0, 1])).toBe(0.5);
  });

  it('matches scikit-learn with ties', () => {
    // roc_auc_score(y, s) in scikit-learn 1.2.1.
    expect(auc([0.1, 0.4, 0.35, 0.8, 0.8, 0.2, 0.9, 0.5], [0, 0, 1, 1, 0, 0, 1, 0])).toBeCloseTo(
      0.7666666666666666,
      14,
    );
  });

  it('is NaN without both labels', () => {
    expect(auc([1, 2], [0, 0])).toBeNaN();
    expect(auc([1, 2], [1, 1])).toBeNaN();
  });
});

describe('averagePrecision', () => {
  it('matches scikit-learn with ties', () => {
    // average_precision_score(y, s) in scikit-learn 1.2.1.
    const ap = averagePrecision([0.1, 0.4, 0.35, 0.8, 0.8, 0.2, 0.9, 0.5], [0, 0, 1, 1, 0, 0, 1, 0]);
    expect(ap).toBeCloseTo(0.7222222222222222, 14);
  });

  it('is 1 for a perfect ranking and NaN without anomalies', () => {
    expect(averagePrecision([0.1, 0.2, 0.9, 0.8], [0, 0, 1, 1])).toBe(1);
    expect(averagePrecision([0.1, 0.2], [0, 0])).toBeNaN();
  });
});

import { describe, expect, it } from 'vitest';
import { featureStatistics } from './statistics';

describe('featureStatistics', () => {
  it('gives numpy-style mean and population std per numeric feature, null for text', () => {
    const stats = featureStatistics(
      [
        [1, 'a', 10],
        [2, 'b', null],
        [3, 'c', 30],
      ],
      3,
    );
    expect(stats.mean).toEqual([2, null, 20]);
    expect(stats.std).toEqual([0.816497, null, 10]);
  });
});

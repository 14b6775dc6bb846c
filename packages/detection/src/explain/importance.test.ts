import { describe, expect, it } from 'vitest';
import { createDetector } from '../algorithms/registry';
import type { Detector } from '../algorithms/types';
import { IsolationForest } from '../isolation-forest';
import { blobWithOutliers } from '../test-data';
import { featureImportance } from './importance';
import { ranking, sum } from './test-fixtures';

const DATA = blobWithOutliers(300, 4, [5, 60, 120, 180, 240], 0);

describe('featureImportance', () => {
  it('reads the depth-based importances of the registry’s isolation forest', () => {
    const det = createDetector('isolation-forest', { nEstimators: 40, randomState: 3 }).fit(DATA);
    const { importances, method } = featureImportance(det, DATA);
    expect(method).toBe('depth');
    // The same options and rows grow the same trees: the values must be the forest's own.
    const forest = new IsolationForest({ nEstimators: 40, randomState: 3 }).fit(DATA);
    expect(Array.from(importances)).toEqual(Array.from(forest.featureImportances()));
    expect(sum(importances)).toBeCloseTo(1, 12);
  });

  it.each(['zscore', 'knn'])('falls back to permutation importances summing to 1 (%s)', (name) => {
    const det = createDetector(name).fit(DATA);
    const { importances, method } = featureImportance(det, DATA, { seed: 1, nRepeats: 2 });
    expect(method).toBe('permutation');
    expect(sum(importances)).toBeCloseTo(1, 12);
    expect(ranking(importances)[0]).toBe(0);
    expect(importances.every((v) => v >= 0)).toBe(true);
  });

  it('falls back when an isolation-forest detector’s model cannot be read back', () => {
    const inner = createDetector('zscore').fit(DATA);
    const impostor: Detector = {
      name: 'isolation-forest',
      fit: () => impostor,
      score: (m) => inner.score(m),
      normalizedScore: (m) => inner.normalizedScore(m),
      threshold: () => inner.threshold(),
      expectedFalsePositives: (t) => inner.expectedFalsePositives(t),
      trainingScores: () => inner.trainingScores(),
      toJSON: () => ({ model: { format: 'something else' } }),
    };
    const { method, importances } = featureImportance(impostor, DATA, { labels: labelsOf(DATA.n) });
    expect(method).toBe('permutation');
    expect(ranking(importances)[0]).toBe(0);
  });

  it('surfaces an unfitted detector’s error and a width mismatch', () => {
    expect(() => featureImportance(createDetector('isolation-forest'), DATA)).toThrow(/not fitted/);
    expect(() => featureImportance(createDetector('zscore'), DATA)).toThrow(/not fitted/);
    const det = createDetector('isolation-forest', { nEstimators: 10 }).fit(DATA);
    expect(() => featureImportance(det, { data: new Float64Array(10), n: 2, d: 5 })).toThrow(/fitted on 4/);
  });
});

function labelsOf(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => ([5, 60, 120, 180, 240].includes(i) ? 1 : 0));
}

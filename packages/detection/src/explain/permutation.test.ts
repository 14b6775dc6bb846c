import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/src/errors';
import { createDetector } from '../algorithms/registry';
import { blobWithOutliers } from '../test-data';
import { permutationImportance } from './permutation';
import { ranking } from './test-fixtures';

// Only feature 0 carries the planted outliers.
const OUTLIERS = [5, 60, 120, 180, 240];
const DATA = blobWithOutliers(300, 4, OUTLIERS, 0);
const LABELS = Uint8Array.from({ length: 300 }, (_, i) => (OUTLIERS.includes(i) ? 1 : 0));

describe('permutationImportance', () => {
  it.each(['isolation-forest', 'zscore', 'knn'])(
    'ranks the outliers’ feature first with labels (%s)',
    (name) => {
      const det = createDetector(name, name === 'isolation-forest' ? { nEstimators: 50 } : {}).fit(DATA);
      const { importances, std } = permutationImportance(det, DATA, { labels: LABELS, seed: 1 });
      expect(ranking(importances)[0]).toBe(0);
      // Shuffling feature 0 hides most outliers among normal rows: a large AUC drop.
      expect(importances[0]!).toBeGreaterThan(0.2);
      for (const j of [1, 2, 3]) expect(Math.abs(importances[j]!)).toBeLessThan(0.05);
      expect(std.every((s) => s >= 0)).toBe(true);
    },
  );

  it.each(['isolation-forest', 'zscore', 'knn'])(
    'ranks the outliers’ feature first without labels (%s)',
    (name) => {
      const det = createDetector(name, name === 'isolation-forest' ? { nEstimators: 50 } : {}).fit(DATA);
      const { importances } = permutationImportance(det, DATA, { seed: 1 });
      expect(ranking(importances)[0]).toBe(0);
      expect(importances.every((v) => v >= 0)).toBe(true);
    },
  );

  it('reports zero spread for a single repeat and is deterministic by seed', () => {
    const det = createDetector('zscore').fit(DATA);
    const one = permutationImportance(det, DATA, { nRepeats: 1, seed: 2 });
    expect(Array.from(one.std)).toEqual([0, 0, 0, 0]);
    const a = permutationImportance(det, DATA, { nRepeats: 3, seed: 4 });
    const b = permutationImportance(det, DATA, { nRepeats: 3, seed: 4 });
    const c = permutationImportance(det, DATA, { nRepeats: 3, seed: 5 });
    expect(Array.from(a.importances)).toEqual(Array.from(b.importances));
    expect(Array.from(a.std)).toEqual(Array.from(b.std));
    expect(Array.from(c.importances)).not.toEqual(Array.from(a.importances));
  });

  it('does not modify the rows it shuffles', () => {
    const det = createDetector('zscore').fit(DATA);
    const before = DATA.data.slice();
    permutationImportance(det, DATA, { labels: LABELS });
    expect(DATA.data).toEqual(before);
  });

  it('refuses bad labels and surfaces the detector’s own errors', () => {
    const det = createDetector('zscore').fit(DATA);
    expect(() => permutationImportance(det, DATA, { labels: LABELS.subarray(1) })).toThrow(ValidationError);
    expect(() => permutationImportance(det, DATA, { labels: new Uint8Array(300) })).toThrow(/both/);
    const twos = Uint8Array.from(LABELS, (v) => v * 2);
    expect(() => permutationImportance(det, DATA, { labels: twos })).toThrow(/not 0 or 1/);
    expect(() => permutationImportance(det, DATA, { nRepeats: 0 })).toThrow(/nRepeats/);
    expect(() => permutationImportance(det, DATA, { labelFree: 'auc' as 'score' })).toThrow(/labelFree/);
    const wide = { data: new Float64Array(15), n: 3, d: 5 };
    expect(() => permutationImportance(det, wide)).toThrow(/fitted on 4/);
    expect(() => permutationImportance(createDetector('knn'), DATA)).toThrow(/not fitted/);
  });
});

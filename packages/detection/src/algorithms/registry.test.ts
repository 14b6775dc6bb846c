import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/src/errors';
import { BLOB } from './detector-contract';
import { algorithms, createDetector, listAlgorithms } from './registry';

/** The field names of the ValidationError `fn` throws. */
function failedFields(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).errors.map((e) => e.field);
  }
  throw new Error('expected a ValidationError');
}

describe('registry', () => {
  it('builds and fits every algorithm with its defaults', () => {
    for (const { name } of algorithms) {
      const detector = createDetector(name).fit(BLOB.x);
      expect(detector.name).toBe(name);
      expect(detector.score(BLOB.x)).toHaveLength(BLOB.x.n);
    }
  });

  it('passes parameters through', () => {
    const knn = createDetector('knn', { k: 3, method: 'mean', contamination: 0.1 }).fit(BLOB.x);
    expect(knn.expectedFalsePositives()).toBeLessThanOrEqual(31);
    expect(
      (createDetector('hbos', { nBins: 'auto' }).fit(BLOB.x).toJSON() as { params: unknown }).params,
    ).toEqual({
      nBins: 'auto',
      contamination: 'auto',
    });
  });

  it('names the field of every invalid parameter', () => {
    expect(failedFields(() => createDetector('dbscan'))).toEqual(['algorithm']);
    expect(failedFields(() => createDetector('knn', { neighbours: 5 }))).toEqual(['neighbours']);
    expect(failedFields(() => createDetector('knn', { k: 2.5, method: 'median' }))).toEqual(['k', 'method']);
    expect(failedFields(() => createDetector('knn', { k: '5' }))).toEqual(['k']);
    expect(failedFields(() => createDetector('pca', { standardize: 'yes' }))).toEqual(['standardize']);
    expect(failedFields(() => createDetector('hbos', { nBins: 'many' }))).toEqual(['nBins']);
    for (const contamination of [0, -0.1, 0.6, 'high', Number.NaN]) {
      expect(failedFields(() => createDetector('ecod', { contamination }))).toEqual(['contamination']);
    }
    expect(failedFields(() => createDetector('ecod', [] as unknown as Record<string, unknown>))).toEqual([
      'params',
    ]);
    expect(() => createDetector('ecod', { contamination: 0.5 })).not.toThrow();
  });

  it('lists every algorithm with its parameters and defaults as plain JSON', () => {
    const list = listAlgorithms();
    expect(list.map((a) => a.name)).toEqual(algorithms.map((a) => a.name));
    expect(JSON.parse(JSON.stringify(list))).toEqual(list);
    const knn = list.find((a) => a.name === 'knn')!;
    expect(knn.defaults).toEqual({ k: 5, method: 'max', standardize: true, contamination: 'auto' });
    expect(knn.family).toBe('proximity');
    for (const a of list) {
      expect(a.parameters.some((p) => p.name === 'contamination')).toBe(true);
      expect(a.label && a.description && a.scoreRange && a.complexity).toBeTruthy();
    }
  });

  it('describes the ensemble as opt-in, with the data its figures were measured on', () => {
    const { description } = listAlgorithms().find((a) => a.name === 'ensemble')!;
    expect(description).toContain('Opt-in');
    expect(description).toContain('leave-one-dataset-out');
    expect(description).toContain('bench/ALGORITHMS.md');
    expect(description).not.toMatch(/than any single algorithm/);
  });
});

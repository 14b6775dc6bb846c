import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/src/errors';
import { estimateSeconds } from './cost';
import { algorithms } from './registry';

const size = (rows: number, features: number, scored = rows) => ({ rows, features, scored });

describe('work estimates', () => {
  it('rate every algorithm of the registry, small work as small', () => {
    for (const { name } of algorithms) {
      const seconds = estimateSeconds(name, {}, size(1000, 5));
      expect(seconds, name).toBeGreaterThan(0);
      expect(seconds, name).toBeLessThan(0.5);
    }
  });

  it('match the measured forests: 200k rows × 1,500 trees is about 12 s, 100 trees under 1 s', () => {
    // bench/RESULTS.md: fit 5.9 s + score 6.1 s, and 0.63 + 0.55 s.
    expect(estimateSeconds('isolation-forest', { nEstimators: 1500 }, size(200_000, 3))).toBeCloseTo(12, 0);
    expect(estimateSeconds('isolation-forest', {}, size(200_000, 3))).toBeLessThan(1);
    const deep = estimateSeconds(
      'isolation-forest',
      { nEstimators: 200, maxSamples: 100_000 },
      size(100_000, 10),
    );
    expect(deep).toBeGreaterThan(8); // measured 10.3 s
    expect(deep).toBeLessThan(20);
  });

  it('grow with trees, rows and samples per tree, and cap samples at the rows', () => {
    const forest = (trees: number, rows: number, maxSamples: number | 'auto' = 'auto') =>
      estimateSeconds('isolation-forest', { nEstimators: trees, maxSamples }, size(rows, 4));
    expect(forest(1000, 50_000)).toBeCloseTo(10 * forest(100, 50_000), 5);
    expect(forest(100, 100_000)).toBeGreaterThan(1.9 * forest(100, 50_000));
    expect(forest(100, 50_000, 4096)).toBeGreaterThan(forest(100, 50_000));
    expect(forest(100, 1000, 1_000_000)).toBe(forest(100, 1000, 1000));
  });

  it('rate neighbour searches by k-d tree up to 20 features and by brute force above', () => {
    const knn = (rows: number, features: number) => estimateSeconds('knn', {}, size(rows, features));
    expect(knn(50_000, 3)).toBeLessThan(2); // measured 0.65 s
    expect(knn(20_000, 20)).toBeGreaterThan(40); // measured 67 s: the tree prunes nothing
    expect(knn(10_000, 30)).toBeCloseTo(13, 0); // brute force, measured 13.6 s
    expect(estimateSeconds('lof', {}, size(50_000, 10))).toBeGreaterThan(knn(50_000, 10));
    expect(estimateSeconds('knn', { k: 100 }, size(50_000, 5))).toBeGreaterThan(knn(50_000, 5));
  });

  it('rate the default ensemble as its members together', () => {
    const ensemble = estimateSeconds('ensemble', {}, size(20_000, 5));
    const members =
      estimateSeconds('isolation-forest', {}, size(20_000, 5)) +
      estimateSeconds('ecod', {}, size(20_000, 5)) +
      estimateSeconds('knn', {}, size(20_000, 5));
    expect(ensemble).toBeCloseTo(members, 10);
  });

  it('refuse what the registry refuses: unknown algorithms and bad parameters', () => {
    expect(() => estimateSeconds('magic', {}, size(10, 2))).toThrow(ValidationError);
    expect(() => estimateSeconds('isolation-forest', { nEstimators: 'many' }, size(10, 2))).toThrow(
      ValidationError,
    );
    expect(() => estimateSeconds('knn', { k: 0 }, size(10, 2))).toThrow(ValidationError);
  });
});

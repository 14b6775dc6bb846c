import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/src/errors';
import { createDetector } from '../algorithms/registry';
import { shapValues } from './shap';
import { argMaxAbs, gaussianMatrix, ranking, rowWith, scoreOf, sum } from './test-fixtures';

const TRAIN4 = gaussianMatrix(300, 4);
const X4 = rowWith(4, { 2: 8 });

describe('shapValues', () => {
  it.each(['isolation-forest', 'zscore', 'knn'])(
    'blames feature 2 of a row with x[2] = 8 (%s, exact)',
    (name) => {
      const det = createDetector(name).fit(TRAIN4);
      const { baseValue, values, exact } = shapValues(det, TRAIN4, X4, { seed: 3 });
      expect(exact).toBe(true);
      expect(argMaxAbs(values)).toBe(2);
      const others = Math.max(
        ...Array.from(values)
          .filter((_, j) => j !== 2)
          .map(Math.abs),
      );
      expect(values[2]!).toBeGreaterThan(3 * others);
      const fx = scoreOf(det, X4);
      expect(Math.abs(baseValue + sum(values) - fx)).toBeLessThan(1e-12 * Math.max(1, Math.abs(fx)));
    },
  );

  it('uses the mean score of the (subsampled) background as base value', () => {
    const det = createDetector('zscore').fit(TRAIN4);
    const bg = gaussianMatrix(20, 4, 9);
    const { baseValue } = shapValues(det, bg, X4);
    expect(baseValue).toBeCloseTo(sum(det.score(bg)) / 20, 12);
  });

  it('matches the Shapley formula evaluated by brute force', () => {
    const det = createDetector('zscore').fit(TRAIN4);
    const bg = gaussianMatrix(7, 4, 5);
    const x = rowWith(4, { 0: 4, 1: -6 });
    const v = (set: number[]) => {
      const rows = Float64Array.from(bg.data);
      for (let i = 0; i < bg.n; i++) for (const j of set) rows[i * 4 + j] = x[j]!;
      return sum(det.score({ data: rows, n: bg.n, d: 4 })) / bg.n;
    };
    const { values } = shapValues(det, bg, x);
    // φ_0 = Σ over coalitions S of the other three features of |S|!(3 − |S|)!/4! · (v(S ∪ {0}) − v(S)).
    const players = [1, 2, 3];
    let phi0 = 0;
    for (let mask = 0; mask < 8; mask++) {
      const s = players.filter((_, k) => (mask >> k) & 1);
      const w = (factorial(s.length) * factorial(3 - s.length)) / factorial(4);
      phi0 += w * (v([...s, 0]) - v(s));
    }
    expect(values[0]).toBeCloseTo(phi0, 12);
  });

  it('samples permutations above 10 features and agrees with exact enumeration', () => {
    const train = gaussianMatrix(300, 12, 2);
    const det = createDetector('zscore').fit(train);
    // Graded causes: feature 2 most, then 4, then 6.
    const x = rowWith(12, { 2: 8, 4: 6, 6: 4 });
    const sampled = shapValues(det, train, x, { seed: 4, maxBackground: 30 });
    const exact = shapValues(det, train, x, { seed: 4, maxBackground: 30, method: 'exact' });
    expect(sampled.exact).toBe(false);
    expect(exact.exact).toBe(true);
    expect(sampled.baseValue).toBe(exact.baseValue);
    expect(ranking(sampled.values).slice(0, 3)).toEqual([2, 4, 6]);
    expect(ranking(exact.values).slice(0, 3)).toEqual([2, 4, 6]);
    for (let j = 0; j < 12; j++) expect(Math.abs(sampled.values[j]! - exact.values[j]!)).toBeLessThan(0.2);
    // Every permutation telescopes to f(x) − base, so sampling keeps efficiency to rounding.
    const fx = scoreOf(det, x);
    expect(Math.abs(sampled.baseValue + sum(sampled.values) - fx)).toBeLessThan(1e-9);
  });

  it('is deterministic by seed', () => {
    const train = gaussianMatrix(200, 12, 2);
    const det = createDetector('isolation-forest', { nEstimators: 30 }).fit(train);
    const x = rowWith(12, { 2: 8 });
    const opts = { nSamples: 20, maxBackground: 10 };
    const a = shapValues(det, train, x, { ...opts, seed: 7 });
    const b = shapValues(det, train, x, { ...opts, seed: 7 });
    const c = shapValues(det, train, x, { ...opts, seed: 8 });
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    expect(a.baseValue).toBe(b.baseValue);
    expect(Array.from(c.values)).not.toEqual(Array.from(a.values));
  });

  it('works with a single background row', () => {
    const det = createDetector('knn').fit(TRAIN4);
    const bg = { data: new Float64Array([0.1, -0.2, 0.3, 0]), n: 1, d: 4 };
    const { baseValue, values } = shapValues(det, bg, X4);
    expect(baseValue).toBe(scoreOf(det, bg.data));
    expect(argMaxAbs(values)).toBe(2);
    expect(baseValue + sum(values)).toBeCloseTo(scoreOf(det, X4), 12);
  });

  it('gives a single feature the whole difference, exact or sampled', () => {
    const train = gaussianMatrix(100, 1, 4);
    const det = createDetector('zscore').fit(train);
    const x = new Float64Array([5]);
    for (const method of ['exact', 'sampling'] as const) {
      const { baseValue, values } = shapValues(det, train, x, { method });
      expect(values[0]).toBeCloseTo(scoreOf(det, x) - baseValue, 12);
    }
  });

  it('refuses bad input and surfaces the detector’s own errors', () => {
    const det = createDetector('zscore').fit(TRAIN4);
    expect(() => shapValues(det, TRAIN4, new Float64Array(3))).toThrow(ValidationError);
    expect(() => shapValues(det, TRAIN4, rowWith(4, { 1: Number.NaN }))).toThrow(/non-finite/);
    expect(() => shapValues(det, TRAIN4, X4, { nSamples: 0 })).toThrow(ValidationError);
    expect(() => shapValues(det, gaussianMatrix(5, 17), new Float64Array(17), { method: 'exact' })).toThrow(
      /at most 16/,
    );
    expect(() => shapValues(det, gaussianMatrix(5, 5), new Float64Array(5))).toThrow(/fitted on 4/);
    expect(() => shapValues(createDetector('zscore'), TRAIN4, X4)).toThrow(/not fitted/);
  });
});

function factorial(k: number): number {
  return k <= 1 ? 1 : k * factorial(k - 1);
}

import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/src/errors';
import { Random } from '../random';
import { gaussian } from '../test-data';
import { detectorContract, matrix, type Planted, topRows } from './detector-contract';
import { Pca } from './pca';
import type { Matrix } from './types';

/**
 * 300 rows on a noisy plane: features 2 and 3 follow 0 and 1. Rows 3, 50 and 200 keep
 * ordinary values but break the relation on feature 3 — invisible to per-feature tests,
 * plain to PCA.
 */
const PLANE: Planted = (() => {
  const rng = new Random(4);
  const rows = [3, 50, 200];
  const data = new Float64Array(300 * 4);
  for (let i = 0; i < 300; i++) {
    const a = gaussian(rng);
    const b = gaussian(rng);
    data.set([a, b, a + b + 0.05 * gaussian(rng), a - b + 0.05 * gaussian(rng)], i * 4);
  }
  rows.forEach((r, k) => {
    data[r * 4 + 3] = data[r * 4 + 3]! + 3 + k;
  });
  return { x: { data, n: 300, d: 4 }, rows, feature: 3 };
})();

describe('Pca', () => {
  detectorContract((p) => new Pca(p), PLANE);

  it('scores the squared distance from the kept principal subspace', () => {
    // Points on the line y = x: one component explains everything; (1, −1) is √2 off it.
    const pca = new Pca({ standardize: false }).fit(
      matrix([
        [0, 0],
        [1, 1],
        [2, 2],
        [3, 3],
      ]),
    );
    const [on, off] = pca.score(
      matrix([
        [5, 5],
        [2.5, 0.5],
      ]),
    );
    expect(on).toBeCloseTo(0, 12);
    expect(off).toBeCloseTo(2, 12);
    expect(Array.from(pca.explain(matrix([[2.5, 0.5]]), 0)).map((v) => Number(v.toFixed(12)))).toEqual([
      1, 1,
    ]);
  });

  it('keeps more components for a larger variance share', () => {
    const { x } = PLANE;
    const json = (variance: number) =>
      (new Pca({ variance }).fit(x).toJSON().model as { components: number }).components;
    expect(json(0.5)).toBe(1);
    expect(json(0.95)).toBe(2);
    expect(json(0.9999999)).toBe(3);
  });

  it('finds the planted rows that break the correlations, which a marginal view misses', () => {
    const { x, rows } = PLANE;
    expect(topRows(new Pca().fit(x).score(x), 3)).toEqual(rows);
  });

  it('leaves constant features and rounding-level components out, so clean data flag nothing', () => {
    // Exactly rank 2 (x₂ = x₀ + x₁, x₃ = x₀ − x₁) plus two constant features: everything
    // outside the plane is rounding noise, which min-max scaled used to flag 17 of these 300 rows.
    const rng = new Random(9);
    const rows = Array.from({ length: 300 }, () => {
      const a = gaussian(rng);
      const b = gaussian(rng);
      return [a, b, a + b, a - b, 7, -3];
    });
    const pca = new Pca({ variance: 0.9999999 }).fit(matrix(rows));
    expect(pca.expectedFalsePositives()).toBe(0);
    const model = pca.toJSON().model as { features: number[]; components: number };
    expect(model.features).toEqual([0, 1, 2, 3]);
    expect(model.components).toBe(2);
    // Off the plane, or off a constant, is anomalous.
    const scores = pca.normalizedScore(
      matrix([
        [1, 1, 2, 0, 7, -3],
        [1, 1, 2.5, 0, 7, -3],
        [1, 1, 2, 0, 8, -3],
      ]),
    );
    expect(scores[0]).toBe(0);
    expect(scores[1]).toBeGreaterThan(pca.threshold());
    expect(scores[2]).toBeGreaterThan(pca.threshold());
  });

  it('flags the same rows with constant features added as without them', () => {
    const { x } = PLANE;
    const wide = matrix(Array.from({ length: x.n }, (_, i) => [...x.data.subarray(i * 4, i * 4 + 4), 1, 2]));
    const flagged = (m: Matrix) => {
      const pca = new Pca().fit(m);
      return [...pca.trainingScores().keys()].filter((i) => pca.trainingScores()[i]! > pca.threshold());
    };
    expect(flagged(wide)).toEqual(flagged(x));
  });

  it('refuses more than 100 features', () => {
    const x = matrix([Array.from({ length: 101 }, () => 1), Array.from({ length: 101 }, () => 2)]);
    expect(() => new Pca().fit(x)).toThrow(ValidationError);
  });
});

import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/src/errors';
import { toMatrix } from '../matrix';
import { BLOB, matrix } from './detector-contract';
import { Ecod } from './ecod';
import { columnMedians, countMissing, fillMissing } from './missing';
import { Pca } from './pca';
import { createDetector } from './registry';
import { ZScore } from './zscore';

const nan = Number.NaN;

describe('missing values', () => {
  it('reads null in plain rows as missing (NaN), never as 0', () => {
    const m = toMatrix([
      [1, null],
      [null, 4],
    ]);
    expect(Array.from(m.data)).toEqual([1, nan, nan, 4]);
  });

  it('counts missing cells per feature and refuses empty rows and features, naming them', () => {
    const m = matrix([
      [1, nan, 3],
      [nan, nan, 6],
      [7, 8, 9],
    ]);
    expect(countMissing(m, true)).toEqual({ cells: 3, rows: 2, perFeature: [1, 2, 0] });
    const emptyRow = matrix([
      [1, 2],
      [nan, nan],
    ]);
    expect(() => countMissing(emptyRow, false)).toThrow(ValidationError);
    expect(() => countMissing(emptyRow, false)).toThrow('row 1 has no value');
    const emptyFeature = matrix([
      [1, nan],
      [2, nan],
    ]);
    expect(() => countMissing(emptyFeature, true)).toThrow('feature 1 has no value in any row');
    // New rows that all lack a feature are scored one by one: only fitting needs every feature.
    expect(countMissing(emptyFeature, false).perFeature).toEqual([0, 2]);
  });

  it('fills gaps with the medians of the observed values', () => {
    const m = matrix([
      [5, nan],
      [1, 10],
      [nan, 30],
      [3, 20],
      [100, 40],
    ]);
    // Odd and even counts: medians 4 (of 1, 3, 5, 100) and 25 (of 10, 20, 30, 40).
    const fill = columnMedians(m);
    expect(Array.from(fill)).toEqual([4, 25]);
    expect(Array.from(fillMissing(m, fill).data)).toEqual([5, 25, 1, 10, 4, 30, 3, 20, 100, 40]);
    const complete = matrix([[1, 2]]);
    expect(fillMissing(complete, fill)).toBe(complete);
    expect(Array.from(columnMedians(matrix([[3], [1], [2], [9], [7]])))).toEqual([3]);
  });

  it('each algorithm says how it treats them', () => {
    const handling = Object.fromEntries(
      [
        'zscore',
        'robust-zscore',
        'iqr',
        'hbos',
        'ecod',
        'copod',
        'pca',
        'knn',
        'lof',
        'isolation-forest',
      ].map((name) => [name, createDetector(name).fit(BLOB.x).report?.().missing.handling]),
    );
    expect(handling).toEqual({
      zscore: 'skip',
      'robust-zscore': 'skip',
      iqr: 'skip',
      hbos: 'expected',
      ecod: 'expected',
      copod: 'expected',
      pca: 'reconstruct',
      knn: 'median',
      lof: 'median',
      'isolation-forest': 'median',
    });
  });

  it("'skip': the z-score of a row is the largest over the features it has", () => {
    const z = new ZScore().fit(
      matrix([
        [-1, -2],
        [1, 2],
        [-1, -2],
        [1, 2],
      ]),
    );
    expect(
      Array.from(
        z.score(
          matrix([
            [3, nan],
            [nan, 6],
          ]),
        ),
      ),
    ).toEqual([3, 3]);
    expect(Array.from(z.explain(matrix([[3, nan]]), 0))).toEqual([3, 0]);
  });

  it("'expected': an ECOD gap adds the feature's mean term, so gaps neither raise nor lower rows", () => {
    const ecod = new Ecod().fit(BLOB.x);
    const parts = BLOB.x.data.slice(0, 4);
    parts[2] = nan;
    const terms = ecod.explain({ data: parts, n: 1, d: 4 }, 0);
    const own = Array.from({ length: BLOB.x.n }, (_, i) => ecod.explain(BLOB.x, i)[2]!);
    expect(terms[2]).toBeCloseTo(own.reduce((a, b) => a + b, 0) / own.length, 12);
  });

  it("'reconstruct': a PCA gap is filled from the row's other features and adds no residual", () => {
    // Exactly on the plane x₂ = x₀ + x₁: a row with x₂ missing is still on it.
    const rows = Array.from({ length: 50 }, (_, i) => [
      Math.sin(i),
      Math.cos(3 * i),
      Math.sin(i) + Math.cos(3 * i),
    ]);
    const pca = new Pca().fit(matrix(rows));
    const [gap, off] = pca.score(
      matrix([
        [0.5, -0.2, nan],
        [0.5, -0.2, 2],
      ]),
    );
    expect(gap).toBe(0);
    expect(off).toBeGreaterThan(1);
    // Training rows with gaps are fitted by iterated imputation, and the plane is still found.
    const gappy = rows.map((r, i) => (i % 5 === 0 ? [r[0]!, nan, r[2]!] : r));
    const refit = new Pca().fit(toMatrix(gappy));
    expect(refit.report().missing).toMatchObject({ cells: 10, rows: 10, perFeature: [0, 10, 0] });
    expect(refit.score(matrix([[0.5, -0.2, 0.3]]))[0]).toBeLessThan(1e-6);
    expect(refit.score(matrix([[0.5, -0.2, 2]]))[0]).toBeGreaterThan(1);
  });
});

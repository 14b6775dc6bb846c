import { expect, it } from 'vitest';
import { ValidationError } from '../../../core/src/errors';
import { blobWithOutliers } from '../test-data';
import type { Detector, Matrix } from './types';

/** Test support: data with known anomalies for {@link detectorContract}. */
export interface Planted {
  x: Matrix;
  /** Rows that must receive the highest raw scores. */
  rows: number[];
  /** The feature that makes them anomalous, when explanations should name it. */
  feature?: number;
}

/** 300 rows of N(0, 1)^4 with rows 3, 50 and 200 moved to 10, 15 and 20 on feature 2. */
export const BLOB: Planted = { x: blobWithOutliers(300, 4, [3, 50, 200], 2), rows: [3, 50, 200], feature: 2 };

/**
 * The same blob with rows 3, 50 and 200 far out on every feature. Detectors that sum
 * per-feature tail ranks (ECOD, COPOD, HBOS) cannot tell a single extreme value from a row
 * moderately out on several features — each feature's rank-based term is bounded — so
 * their planted rows must stand out on more than one feature.
 */
export const TAILS: Planted = (() => {
  const x = blobWithOutliers(300, 4, [], 0);
  const rows = [3, 50, 200];
  rows.forEach((r, k) => {
    x.data.fill(10 + 5 * k, r * 4, r * 4 + 4);
  });
  return { x, rows };
})();

/** Row indices of the `count` highest scores, ascending. */
export function topRows(scores: Float64Array, count: number): number[] {
  return [...scores.keys()]
    .sort((a, b) => scores[b]! - scores[a]!)
    .slice(0, count)
    .sort((a, b) => a - b);
}

/** Row-major matrix from plain rows. */
export function matrix(rows: number[][]): Matrix {
  return { data: Float64Array.from(rows.flat()), n: rows.length, d: rows[0]?.length ?? 0 };
}

/** `x` with every 10th cell of the rows not in `keep` missing (NaN). */
export function withGaps(x: Matrix, keep: readonly number[]): Matrix {
  const data = x.data.map((v, k) => (k % 10 === 3 && !keep.includes(Math.floor(k / x.d)) ? Number.NaN : v));
  return { ...x, data };
}

/**
 * Registers the tests every detector must pass (call inside a `describe`): planted
 * anomalies on top, normalisation and thresholds, explanations, input validation, missing
 * values, extreme magnitudes and the edge cases — 1 and 2 rows, constant columns, duplicate
 * rows — then determinism and JSON.
 */
export function detectorContract(
  create: (params?: Record<string, unknown>) => Detector,
  planted = BLOB,
): void {
  const { x, rows } = planted;

  it('gives the planted anomalies the highest raw scores', () => {
    expect(topRows(create().fit(x).score(x), rows.length)).toEqual(rows);
  });

  it('normalizes training scores into [0, 1] and rescoring the training rows reproduces them', () => {
    const detector = create().fit(x);
    const training = detector.trainingScores();
    expect(training.every((s) => s >= 0 && s <= 1)).toBe(true);
    expect(training.indexOf(Math.max(...training))).toBe(topRows(detector.score(x), 1).at(0));
    expect(detector.normalizedScore(x)).toEqual(training);
  });

  it('flags at most the contamination share, and the planted rows under auto', () => {
    // Tied scores (many rows inside every IQR fence, say) can only make the share smaller.
    const share = create({ contamination: 0.05 }).fit(x).expectedFalsePositives();
    expect(share).toBeLessThanOrEqual(0.05 * x.n + 1);
    expect(share).toBeGreaterThanOrEqual(rows.length);
    const auto = create().fit(x);
    const scores = auto.normalizedScore(x);
    for (const r of rows) expect(scores[r]).toBeGreaterThan(auto.threshold());
    expect(auto.expectedFalsePositives()).toBeGreaterThanOrEqual(rows.length);
    expect(auto.expectedFalsePositives(1)).toBe(0);
  });

  if (planted.feature !== undefined) {
    it('explains planted rows by the planted feature', () => {
      const detector = create().fit(x);
      for (const r of rows) {
        const parts = detector.explain!(x, r);
        expect(parts).toHaveLength(x.d);
        expect(parts.indexOf(Math.max(...parts))).toBe(planted.feature);
      }
    });
  }

  it('refuses empty, infinite and mis-shaped input with a ValidationError', () => {
    expect(() => create().fit({ data: new Float64Array(0), n: 0, d: 3 })).toThrow(ValidationError);
    expect(() => create().score(x)).toThrow(ValidationError);
    for (const bad of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() =>
        create().fit(
          matrix([
            [1, 2],
            [3, bad],
          ]),
        ),
      ).toThrow(ValidationError);
      expect(() =>
        create()
          .fit(x)
          .score({ data: Float64Array.of(1, 2, bad, 4), n: 1, d: 4 }),
      ).toThrow(ValidationError);
    }
    const fitted = create().fit(x);
    expect(() => fitted.score(matrix([[1, 2]]))).toThrow(ValidationError);
    expect(() => fitted.explain?.(x, x.n)).toThrow(ValidationError);
    expect(() => fitted.fit(matrix([[1, Number.POSITIVE_INFINITY]]))).toThrow(ValidationError);
    expect(() => fitted.score(x)).toThrow(ValidationError);
  });

  it('treats NaN as missing: still flags the planted rows and scores rows with gaps', () => {
    const gappy = withGaps(x, rows);
    const detector = create().fit(gappy);
    const scores = detector.normalizedScore(gappy);
    expect(scores.every(Number.isFinite)).toBe(true);
    for (const r of rows) expect(scores[r]).toBeGreaterThan(detector.threshold());
    const missing = detector.report?.().missing;
    if (missing) {
      expect(missing.cells).toBe(gappy.data.filter(Number.isNaN).length);
      expect(missing.perFeature.reduce((a, b) => a + b, 0)).toBe(missing.cells);
    }
    // A gap in a new row is filled or skipped too, never turned into an extreme value.
    const fresh = create().fit(x);
    const row = x.data.slice(0, x.d);
    row[1] = Number.NaN;
    const [gap] = fresh.normalizedScore({ data: row, n: 1, d: x.d });
    expect(gap).toBeLessThanOrEqual(fresh.threshold());
    expect(fresh.explain?.({ data: row, n: 1, d: x.d }, 0).every(Number.isFinite) ?? true).toBe(true);
  });

  it('refuses a row or a feature with no value at all, naming it', () => {
    const emptyRow = { ...x, data: x.data.map((v, k) => (Math.floor(k / x.d) === 5 ? Number.NaN : v)) };
    expect(() => create().fit(emptyRow)).toThrow(/row 5 has no value/);
    expect(() => create().fit(x).score(emptyRow)).toThrow(/row 5 has no value/);
    const emptyColumn = { ...x, data: x.data.map((v, k) => (k % x.d === 1 ? Number.NaN : v)) };
    expect(() => create().fit(emptyColumn)).toThrow(/feature 1 has no value/);
    // Scoring new rows that all lack a feature is fine: each is filled or skipped on its own.
    expect(create().fit(x).score(emptyColumn).every(Number.isFinite)).toBe(true);
  });

  it('ranks the planted rows when values are ~1e200 (their squares overflow unscaled)', () => {
    const scaled = { ...x, data: x.data.map((v) => v * 1e200) };
    expect(topRows(create().fit(scaled).score(scaled), rows.length)).toEqual(rows);
  });

  it('fits one row and two rows', () => {
    const one = create().fit(matrix([[1, 2, 3]]));
    expect(one.trainingScores()).toEqual(Float64Array.of(0));
    for (const s of one.normalizedScore(
      matrix([
        [1, 2, 3],
        [5, -2, 9],
      ]),
    ))
      expect(s >= 0 && s <= 1).toBe(true);
    const two = create().fit(
      matrix([
        [1, 2, 3],
        [2, 4, 1],
      ]),
    );
    for (const s of two.score(
      matrix([
        [1, 2, 3],
        [2, 4, 1],
        [9, 9, 9],
      ]),
    ))
      expect(Number.isFinite(s)).toBe(true);
  });

  it('copes with constant columns and duplicate rows', () => {
    const withConstant = { ...x, data: x.data.map((v, k) => (k % x.d === 0 ? 7 : v)) };
    const scores = create().fit(withConstant).score(withConstant);
    expect(scores.every(Number.isFinite)).toBe(true);

    const same = matrix(Array.from({ length: 40 }, () => [1, 2, 3]));
    const detector = create().fit(same);
    expect(detector.trainingScores().every((s) => s === 0)).toBe(true);
    const fresh = detector.normalizedScore(
      matrix([
        [1, 2, 3],
        [1, 2, 30],
      ]),
    );
    expect(fresh[0]).toBe(0);
    expect(fresh[1]! >= 0 && fresh[1]! <= 1).toBe(true);

    const twice = { data: Float64Array.of(...x.data, ...x.data), n: 2 * x.n, d: x.d };
    const doubled = create().fit(twice).score(twice);
    expect(topRows(doubled, 2 * rows.length)).toEqual([...rows, ...rows.map((r) => r + x.n)]);
  });

  it('is deterministic and serialises to JSON', () => {
    const a = create().fit(x);
    expect(create().fit(x).score(x)).toEqual(a.score(x));
    const json = JSON.parse(JSON.stringify(a.toJSON()));
    expect(json).toBeTypeOf('object');
  });
}

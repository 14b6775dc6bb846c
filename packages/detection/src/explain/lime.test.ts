import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/src/errors';
import { createDetector } from '../algorithms/registry';
import { limeExplanation } from './lime';
import { argMaxAbs, gaussianMatrix, rowWith, scoreOf } from './test-fixtures';

const TRAIN = gaussianMatrix(300, 4);
const X = rowWith(4, { 2: 8 });

function surrogateAt(r: { intercept: number; weights: Float64Array }, x: Float64Array): number {
  let v = r.intercept;
  for (let j = 0; j < x.length; j++) v += r.weights[j]! * x[j]!;
  return v;
}

describe('limeExplanation', () => {
  it.each(['zscore', 'knn'])('puts the largest weight on feature 2 of a row with x[2] = 8 (%s)', (name) => {
    const det = createDetector(name).fit(TRAIN);
    const r = limeExplanation(det, TRAIN, X, { seed: 1 });
    expect(argMaxAbs(r.weights)).toBe(2);
    expect(r.weights[2]!).toBeGreaterThan(0.5);
    expect(r.r2).toBeGreaterThan(0.8);
    expect(surrogateAt(r, X)).toBeCloseTo(scoreOf(det, X), 0);
  });

  it('recovers the slope of a locally linear score in original units', () => {
    // Feature 1 scaled ×10: z-score slope there is 1/σ_1 ≈ 0.1 per unit.
    const data = Float64Array.from(TRAIN.data, (v, k) => (k % 4 === 1 ? 10 * v : v));
    const train = { data, n: 300, d: 4 };
    const det = createDetector('zscore').fit(train);
    const x = rowWith(4, { 1: 80 });
    const r = limeExplanation(det, train, x, { seed: 2 });
    const sd = Math.sqrt(
      Array.from({ length: 300 }, (_, i) => data[i * 4 + 1]! ** 2).reduce((a, b) => a + b) / 300,
    );
    expect(r.weights[1]).toBeCloseTo(1 / sd, 2);
    expect(r.r2).toBeGreaterThan(0.99);
  });

  it('is deterministic by seed', () => {
    const det = createDetector('knn').fit(TRAIN);
    const a = limeExplanation(det, TRAIN, X, { seed: 5, nSamples: 200 });
    const b = limeExplanation(det, TRAIN, X, { seed: 5, nSamples: 200 });
    const c = limeExplanation(det, TRAIN, X, { seed: 6, nSamples: 200 });
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    expect(a.intercept).toBe(b.intercept);
    expect(Array.from(c.weights)).not.toEqual(Array.from(a.weights));
  });

  it('scales perturbations by the distance to a single background row', () => {
    const det = createDetector('zscore').fit(TRAIN);
    const bg = { data: new Float64Array([0.5, -0.5, 0, 0]), n: 1, d: 4 };
    const r = limeExplanation(det, bg, X, { seed: 3 });
    expect(argMaxAbs(r.weights)).toBe(2);
    // Feature 3 equals the only background value: it cannot vary and gets no weight.
    expect(r.weights[3]).toBe(0);
    expect(Number.isFinite(r.intercept) && Number.isFinite(r.r2)).toBe(true);
  });

  it('gives zero weights and r2 = 1 when x equals a one-row background', () => {
    const det = createDetector('zscore').fit(TRAIN);
    const r = limeExplanation(det, { data: X.slice(), n: 1, d: 4 }, X, { nSamples: 10 });
    expect(Array.from(r.weights)).toEqual([0, 0, 0, 0]);
    expect(r.intercept).toBeCloseTo(scoreOf(det, X), 12);
    expect(r.r2).toBe(1);
  });

  it('refuses bad input and surfaces the detector’s own errors', () => {
    const det = createDetector('zscore').fit(TRAIN);
    expect(() => limeExplanation(det, TRAIN, new Float64Array(5))).toThrow(ValidationError);
    expect(() => limeExplanation(det, TRAIN, X, { kernelWidth: 0 })).toThrow(/kernelWidth/);
    expect(() => limeExplanation(det, TRAIN, X, { nSamples: 1 })).toThrow(/nSamples/);
    expect(() => limeExplanation(createDetector('knn'), TRAIN, X)).toThrow(/not fitted/);
  });
});

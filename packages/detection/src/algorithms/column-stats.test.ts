import { describe, expect, it } from 'vitest';
import { Random } from '../random';
import { gaussian } from '../test-data';
import { meanStd, powerOfTwoNear } from './column-stats';

/** The textbook two-pass formulas, unscaled. */
function naive(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, sd: Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length) };
}

describe('column statistics', () => {
  it('gives the same bits as the unscaled formulas on ordinary data', () => {
    const rng = new Random(3);
    const values = Array.from({ length: 1000 }, () => 1e3 * gaussian(rng) + 7);
    const { center, scale } = meanStd({ data: Float64Array.from(values), n: 1000, d: 1 }, () => 1);
    const { mean, sd } = naive(values);
    expect(center[0]).toBe(mean);
    expect(scale[0]).toBe(sd);
  });

  it('keeps the standard deviation of values near 1e200 and 1e-200, where squares overflow or vanish', () => {
    for (const unit of [1e200, 1e-200, 1e307]) {
      const data = Float64Array.of(-1, 1, -1, 1).map((v) => v * unit);
      const { center, scale } = meanStd({ data, n: 4, d: 1 }, () => 1);
      expect(center[0]).toBe(0);
      expect(scale[0]! / unit).toBeCloseTo(1, 12);
    }
  });

  it('skips missing values', () => {
    const { center, scale } = meanStd(
      { data: Float64Array.of(1, Number.NaN, 3, 5, Number.NaN, 5), n: 3, d: 2 },
      () => 0.5,
    );
    expect(Array.from(center)).toEqual([2, 5]);
    expect(Array.from(scale)).toEqual([1, 0.5]);
  });

  it('rounds magnitudes to a power of two within the doubles', () => {
    expect(powerOfTwoNear(3)).toBe(4);
    expect(powerOfTwoNear(0)).toBe(1);
    expect(powerOfTwoNear(Number.MAX_VALUE)).toBe(2 ** 1023);
    expect(powerOfTwoNear(Number.MIN_VALUE)).toBe(2 ** -1022);
  });
});

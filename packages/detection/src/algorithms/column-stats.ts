import type { Matrix } from './types';

/** Per-feature centre and scale: standardised value = (x − center) / scale. */
export interface ColumnScale {
  center: Float64Array;
  scale: Float64Array;
}

/**
 * Scale given to a constant feature, relative to its value: a later row that differs from
 * it at all then lies about 1e9 scales out, which is as anomalous as it gets, while rows
 * equal to it stay at exactly 0.
 */
const CONSTANT_SCALE = 1e-9;

/** Stand-in scale of a constant feature whose value is `center`. */
export function constantScale(center: number): number {
  return CONSTANT_SCALE * Math.max(1, Math.abs(center));
}

/**
 * Mean and population standard deviation per feature. A feature whose values are all equal
 * gets that exact value as centre and scale `ifConstant(value)`: its rounded mean and a
 * rounding-noise deviation would otherwise make identical values look different.
 */
export function meanStd(m: Matrix, ifConstant: (center: number) => number): ColumnScale {
  const { data, n, d } = m;
  const center = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let sum = 0;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const v = data[i * d + j]!;
      sum += v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo === hi) {
      center[j] = lo;
      scale[j] = ifConstant(lo);
      continue;
    }
    const mean = sum / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (data[i * d + j]! - mean) ** 2;
    center[j] = mean;
    scale[j] = Math.sqrt(ss / n);
  }
  return { center, scale };
}

/** Row-major copy of the rows standardised by `s`. */
export function standardize(m: Matrix, s: ColumnScale): Float64Array {
  const { data, n, d } = m;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) out[i * d + j] = (data[i * d + j]! - s.center[j]!) / s.scale[j]!;
  }
  return out;
}

/** Each feature's values, sorted ascending. */
export function sortedColumns(m: Matrix): Float64Array[] {
  const { data, n, d } = m;
  return Array.from({ length: d }, (_, j) => {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = data[i * d + j]!;
    return col.sort();
  });
}

/**
 * Standard-deviation estimate from the mean absolute deviation about `center`
 * (×√(π/2), exact for a normal). It backs up quantile-based spreads (MAD, IQR), which are
 * 0 as soon as half the values tie although the rest may still vary.
 */
export function meanDeviationSigma(sorted: Float64Array, center: number): number {
  let dev = 0;
  for (const v of sorted) dev += Math.abs(v - center);
  return (Math.sqrt(Math.PI / 2) * dev) / sorted.length;
}

/** Index of the first value above `v` in ascending `sorted` (= how many are ≤ v). */
export function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first value not below `v` in ascending `sorted` (= how many are < v). */
export function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

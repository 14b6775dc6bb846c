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
 * Mean and population standard deviation per feature over its observed (non-NaN) values.
 * A feature whose values are all equal gets that exact value as centre and scale
 * `ifConstant(value)`: its rounded mean and a rounding-noise deviation would otherwise make
 * identical values look different. Values are summed in units of a power of two near the
 * feature's largest magnitude: squares of values beyond ~1e154 would overflow to Infinity
 * (and below ~1e-162 vanish to 0), and the scale is exact, so ordinary data get the same
 * bits as an unscaled sum.
 */
export function meanStd(m: Matrix, ifConstant: (center: number) => number): ColumnScale {
  const { data, n, d } = m;
  const center = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let count = 0;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const v = data[i * d + j]!;
      if (Number.isNaN(v)) continue;
      count++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (count === 0 || lo === hi) {
      center[j] = count === 0 ? 0 : lo;
      scale[j] = ifConstant(center[j]!);
      continue;
    }
    const unit = powerOfTwoNear(Math.max(-lo, hi));
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = data[i * d + j]!;
      if (!Number.isNaN(v)) sum += v / unit;
    }
    const mean = sum / count;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const v = data[i * d + j]!;
      if (!Number.isNaN(v)) ss += (v / unit - mean) ** 2;
    }
    center[j] = mean * unit;
    scale[j] = Math.sqrt(ss / count) * unit;
  }
  return { center, scale };
}

/**
 * The power of two at or just above `magnitude` (1 for 0), exponent kept within the doubles:
 * dividing by it is exact and brings the value to about [0.5, 1].
 */
export function powerOfTwoNear(magnitude: number): number {
  if (!(magnitude > 0)) return 1;
  return 2 ** Math.min(1023, Math.max(-1022, Math.ceil(Math.log2(magnitude))));
}

/**
 * One scale for every feature of an unstandardised distance or projection: 1, unless the
 * largest magnitude is beyond 2^±500, where squared differences would overflow to Infinity
 * (or vanish); then the power of two near it, which keeps the geometry and the ranking and
 * only changes the unit raw scores are in.
 */
export function sharedScale(m: Matrix): ColumnScale {
  let largest = 0;
  for (const v of m.data) if (Math.abs(v) > largest) largest = Math.abs(v);
  const unit = largest > 2 ** 500 || (largest > 0 && largest < 2 ** -500) ? powerOfTwoNear(largest) : 1;
  return { center: new Float64Array(m.d), scale: new Float64Array(m.d).fill(unit) };
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

/** Each feature's observed values (missing ones, NaN, left out), sorted ascending. */
export function sortedColumns(m: Matrix): Float64Array[] {
  const { data, n, d } = m;
  return Array.from({ length: d }, (_, j) => {
    const col = new Float64Array(n);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const v = data[i * d + j]!;
      if (!Number.isNaN(v)) col[count++] = v;
    }
    return col.subarray(0, count).sort();
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

import type { Detector } from '../algorithms/types';
import type { Matrix } from '../matrix';
import { mulberry32 } from './prng';

/** n rows of d independent N(0, 1) features from a seeded stream. */
export function gaussianMatrix(n: number, d: number, seed = 1): Matrix {
  const rng = mulberry32(seed);
  const data = new Float64Array(n * d);
  for (let k = 0; k < data.length; k++) data[k] = rng.gaussian();
  return { data, n, d };
}

/** A row of zeros with the given features set: the known causes of its anomaly. */
export function rowWith(d: number, set: Record<number, number>): Float64Array {
  const x = new Float64Array(d);
  for (const [j, v] of Object.entries(set)) x[Number(j)] = v;
  return x;
}

/** Index of the largest |value|. */
export function argMaxAbs(values: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < values.length; j++) if (Math.abs(values[j]!) > Math.abs(values[best]!)) best = j;
  return best;
}

/** Feature indices by descending value. */
export function ranking(values: ArrayLike<number>): number[] {
  return Array.from(values, (_, j) => j).sort((a, b) => values[b]! - values[a]!);
}

/** Raw score of one row. */
export function scoreOf(detector: Detector, x: Float64Array): number {
  return detector.score({ data: x, n: 1, d: x.length })[0]!;
}

/** Sum of the values. */
export function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < values.length; j++) s += values[j]!;
  return s;
}

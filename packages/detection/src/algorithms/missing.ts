import { ValidationError } from '../../../core/src/errors';
import type { Matrix } from './types';

/**
 * How a detector treats a missing value (NaN in the matrix, `null` in plain rows), chosen
 * per algorithm by what its score is made of:
 *
 * - 'median': replaced by the feature's median over the training rows' observed values
 *   before the model sees the row — for methods that need every coordinate (distances,
 *   projections, the forest's splits). The median is a typical value that an outlier among
 *   the training rows cannot drag, so a gap never makes a row look unusual by itself.
 * - 'skip': the feature is left out of that row's score — for per-feature maxima and fences
 *   (z-scores, IQR), where a value that is not there cannot be the extreme one.
 * - 'expected': the feature adds its mean term over the training rows — for sums of
 *   per-feature improbabilities (ECOD, COPOD, HBOS): skipping would give the row a term of 0,
 *   the least improbable possible, and so favour rows with gaps over complete ones.
 * - 'reconstruct': filled with what the model predicts from the row's other features — for
 *   PCA, whose score is the break of correlations that a median fill would itself create.
 */
export type MissingHandling = 'median' | 'skip' | 'expected' | 'reconstruct';

/** Missing cells of a matrix. */
export interface MissingCount {
  /** Missing cells in all. */
  cells: number;
  /** Rows with at least one missing cell. */
  rows: number;
  /** Missing cells per feature. */
  perFeature: number[];
}

/** What fitting found missing among the training rows, and how the detector treats it. */
export interface MissingSummary extends MissingCount {
  handling: MissingHandling;
}

/**
 * Counts the missing cells. A row with no value at all is refused, naming it: any score
 * would describe the imputation, not the row. When `fitting`, so is a feature with no value
 * in any row, which leaves nothing to learn it from (leave the column out instead).
 */
export function countMissing(m: Matrix, fitting: boolean): MissingCount {
  const { data, n, d } = m;
  const perFeature = new Array<number>(d).fill(0);
  let cells = 0;
  let rows = 0;
  for (let i = 0; i < n; i++) {
    let inRow = 0;
    for (let j = 0; j < d; j++) {
      if (Number.isNaN(data[i * d + j]!)) {
        inRow++;
        perFeature[j]!++;
      }
    }
    if (inRow === d) {
      throw new ValidationError(`row ${i} has no value: every feature is missing`, [
        { field: `data[${i}]`, message: 'at least one feature must have a value' },
      ]);
    }
    if (inRow > 0) rows++;
    cells += inRow;
  }
  const empty = fitting ? perFeature.indexOf(n) : -1;
  if (empty >= 0) {
    throw new ValidationError(`feature ${empty} has no value in any row`, [
      { field: 'data', message: `feature ${empty} is missing in every row; leave it out` },
    ]);
  }
  return { cells, rows, perFeature };
}

/**
 * Rows the fill medians are taken from at most: evenly spaced rows beyond it. The median of
 * 65,536 values is within a fraction of a percentile of the whole column's, and a
 * million-row fit of the forest would otherwise spend most of a second on fill values it
 * may never use.
 */
const MEDIAN_ROWS = 65_536;

/**
 * Median of each feature's observed (non-NaN) values, over at most {@link MEDIAN_ROWS}
 * evenly spaced rows — or all rows, for a feature observed only between them.
 */
export function columnMedians(m: Matrix): Float64Array {
  const { data, n, d } = m;
  const scratch = new Float64Array(Math.min(n, MEDIAN_ROWS));
  const observed = (j: number, step: number): Float64Array => {
    let count = 0;
    for (let i = 0; i < n && count < scratch.length; i += step) {
      const v = data[i * d + j]!;
      if (!Number.isNaN(v)) scratch[count++] = v;
    }
    return scratch.subarray(0, count);
  };
  const step = Math.ceil(n / MEDIAN_ROWS);
  return Float64Array.from({ length: d }, (_, j) => {
    const sample = observed(j, step);
    return median(sample.length > 0 ? sample : observed(j, 1));
  });
}

/** The rows with each NaN replaced by its feature's `fill`; `m` itself when nothing is missing. */
export function fillMissing(m: Matrix, fill: Float64Array): Matrix {
  const { data, n, d } = m;
  let out: Float64Array | undefined;
  for (let k = 0; k < data.length; k++) {
    if (!Number.isNaN(data[k]!)) continue;
    out ??= Float64Array.from(data);
    out[k] = fill[k % d]!;
  }
  return out ? { data: out, n, d } : m;
}

/**
 * Median by quickselect, O(n) on average: the forest imputes by medians too, and sorting
 * every column of a million-row fit would cost more than the rest of its preparation.
 * Reorders `values`.
 */
function median(values: Float64Array): number {
  const n = values.length;
  const hi = select(values, n >> 1);
  if (n % 2 === 1) return hi;
  // Everything left of the upper middle is ≤ it after selection: the lower middle is their maximum.
  let lo = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n >> 1; i++) if (values[i]! > lo) lo = values[i]!;
  // Halved first: the sum of two values near the largest double would overflow.
  return lo / 2 + hi / 2;
}

/** The k-th smallest value (0-based), partitioning `a` around it (Hoare's selection). */
function select(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (left < right) {
    const pivot = a[(left + right) >> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k]!;
}

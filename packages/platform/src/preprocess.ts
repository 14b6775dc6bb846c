import { ValidationError } from '@pynomaly/core';
import type { Matrix } from '@pynomaly/detection';
import type { Cell } from '@pynomaly/ingest';

export interface Preprocessing {
  /** Standardise each feature (z-score) before detection. @default false */
  normalize?: boolean;
  /** What to do with missing values. @default 'mean' */
  handle_missing?: 'mean' | 'median' | 'zero' | 'drop';
}

export interface PreparedMatrix {
  matrix: Matrix;
  /** Features used, in matrix column order. */
  features: string[];
  /** Non-numeric features left out. */
  ignored: string[];
  /** Row index in the input of each matrix row (rows dropped for missing values are absent). */
  rowIndex: number[];
}

const numeric = (cell: Cell): number | null =>
  typeof cell === 'number' ? cell : typeof cell === 'boolean' ? Number(cell) : null;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Turns a table into the numeric matrix detectors take: numeric (and boolean) features only,
 * missing values imputed or their rows dropped, optionally standardised. ±Infinity is refused
 * with the cell named, never turned into a NaN score.
 */
export function prepareMatrix(
  features: string[],
  rows: Cell[][],
  preprocessing: Preprocessing = {},
): PreparedMatrix {
  const usable = features
    .map((name, j) => ({ name, j }))
    .filter(
      ({ j }) =>
        rows.some((r) => numeric(r[j] ?? null) !== null) &&
        rows.every((r) => r[j] === null || numeric(r[j] ?? null) !== null),
    );
  if (usable.length === 0) {
    throw new ValidationError('No numeric feature to detect on', [
      { field: 'data', message: 'needs at least one numeric column' },
    ]);
  }
  for (const [i, row] of rows.entries()) {
    for (const { j, name } of usable) {
      const value = numeric(row[j] ?? null);
      if (value !== null && !Number.isFinite(value)) {
        throw new ValidationError(`data[${i}][${j}] (${name}) is not a finite number`, [
          { field: `data[${i}][${j}]`, message: 'must be finite' },
        ]);
      }
    }
  }
  const strategy = preprocessing.handle_missing ?? 'mean';
  const kept =
    strategy === 'drop'
      ? rows.map((r, i) => ({ r, i })).filter(({ r }) => usable.every(({ j }) => r[j] !== null))
      : rows.map((r, i) => ({ r, i }));
  if (kept.length === 0)
    throw new ValidationError('Every row has a missing value', [
      { field: 'preprocessing.handle_missing', message: 'drop left no rows' },
    ]);

  const d = usable.length;
  const data = new Float64Array(kept.length * d);
  usable.forEach(({ j }, col) => {
    const present = kept.map(({ r }) => numeric(r[j] ?? null)).filter((v): v is number => v !== null);
    const fill =
      strategy === 'median'
        ? median(present)
        : strategy === 'zero'
          ? 0
          : present.reduce((s, v) => s + v, 0) / present.length;
    kept.forEach(({ r }, i) => {
      data[i * d + col] = numeric(r[j] ?? null) ?? fill;
    });
    if (preprocessing.normalize) {
      let sum = 0;
      for (let i = 0; i < kept.length; i++) sum += data[i * d + col]!;
      const mean = sum / kept.length;
      let sq = 0;
      for (let i = 0; i < kept.length; i++) sq += (data[i * d + col]! - mean) ** 2;
      const std = Math.sqrt(sq / kept.length) || 1;
      for (let i = 0; i < kept.length; i++) data[i * d + col] = (data[i * d + col]! - mean) / std;
    }
  });
  return {
    matrix: { data, n: kept.length, d },
    features: usable.map((u) => u.name),
    ignored: features.filter((_, j) => !usable.some((u) => u.j === j)),
    rowIndex: kept.map(({ i }) => i),
  };
}

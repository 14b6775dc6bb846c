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

/** A growable column of doubles; NaN marks a missing cell. */
class Column {
  values = new Float64Array(1024);
  length = 0;
  numbers = 0;
  /** A cell that is neither a number, a boolean nor empty: the column is not a feature. */
  text = false;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }
}

function median(values: Float64Array): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Builds the numeric matrix detectors take from rows as they come, one row at a time, holding
 * only one double per numeric cell (never the rows): numeric and boolean features only,
 * missing values imputed or their rows dropped, optionally standardised. ±Infinity is refused
 * with the cell named, never turned into a NaN score.
 */
export class MatrixBuilder {
  private readonly columns: Column[];
  private rows = 0;

  constructor(private readonly features: string[]) {
    this.columns = features.map(() => new Column());
  }

  add(row: readonly Cell[]): void {
    const i = this.rows++;
    this.columns.forEach((column, j) => {
      const cell = row[j] ?? null;
      const value = numeric(cell);
      if (value === null) {
        if (cell !== null && cell !== '') column.text = true;
        column.push(Number.NaN);
        return;
      }
      if (!Number.isFinite(value)) {
        throw new ValidationError(`data[${i}][${j}] (${this.features[j]}) is not a finite number`, [
          { field: `data[${i}][${j}]`, message: 'must be finite' },
        ]);
      }
      column.numbers++;
      column.push(value);
    });
  }

  build(preprocessing: Preprocessing = {}): PreparedMatrix {
    const usable = this.columns
      .map((column, j) => ({ column, j }))
      .filter(({ column }) => !column.text && column.numbers > 0);
    if (usable.length === 0) {
      throw new ValidationError('No numeric feature to detect on', [
        { field: 'data', message: 'needs at least one numeric column' },
      ]);
    }
    const strategy = preprocessing.handle_missing ?? 'mean';
    const rowIndex: number[] = [];
    for (let i = 0; i < this.rows; i++) {
      if (strategy !== 'drop' || usable.every(({ column }) => !Number.isNaN(column.values[i]!)))
        rowIndex.push(i);
    }
    if (rowIndex.length === 0) {
      throw new ValidationError('Every row has a missing value', [
        { field: 'preprocessing.handle_missing', message: 'drop left no rows' },
      ]);
    }
    const n = rowIndex.length;
    const d = usable.length;
    const data = new Float64Array(n * d);
    usable.forEach(({ column }, col) => {
      const values = column.values.subarray(0, column.length);
      let fill = 0;
      if (strategy === 'median') fill = median(values);
      else if (strategy !== 'zero') {
        let sum = 0;
        for (const v of values) if (!Number.isNaN(v)) sum += v;
        fill = sum / column.numbers;
      }
      rowIndex.forEach((i, k) => {
        const v = values[i]!;
        data[k * d + col] = Number.isNaN(v) ? fill : v;
      });
      if (preprocessing.normalize) standardise(data, n, d, col);
    });
    return {
      matrix: { data, n, d },
      features: usable.map(({ j }) => this.features[j]!),
      ignored: this.features.filter((_, j) => !usable.some((u) => u.j === j)),
      rowIndex,
    };
  }
}

function standardise(data: Float64Array, n: number, d: number, col: number): void {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += data[i * d + col]!;
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (data[i * d + col]! - mean) ** 2;
  const std = Math.sqrt(sq / n) || 1;
  for (let i = 0; i < n; i++) data[i * d + col] = (data[i * d + col]! - mean) / std;
}

/** The matrix of rows already in memory. */
export function prepareMatrix(
  features: string[],
  rows: Cell[][],
  preprocessing: Preprocessing = {},
): PreparedMatrix {
  const builder = new MatrixBuilder(features);
  for (const row of rows) builder.add(row);
  return builder.build(preprocessing);
}

import { ValidationError } from '@pynomaly/core';
import { cellText, type Matrix } from '@pynomaly/detection';
import type { Cell } from '@pynomaly/ingest';

export interface Preprocessing {
  /** Standardise each feature (z-score) before detection. @default false */
  normalize?: boolean;
  /**
   * What to do with missing values (null, empty or NaN cells): 'auto' leaves them to the
   * algorithm, which imputes or skips them as it documents; the others fill them (mean,
   * median, 0) or drop their rows first. @default 'auto'
   */
  handle_missing?: 'auto' | 'mean' | 'median' | 'zero' | 'drop';
}

/** What was missing among the features used, and what became of it. */
export interface MissingReport {
  /** Missing cells among the rows detected on. */
  cells: number;
  /** Rows detected on with at least one missing cell. */
  rows: number;
  /** Missing cells per feature, for the features with any. */
  features: Record<string, number>;
  /** Rows with no value in any feature: left out of the run (only under 'auto'; 'drop' drops every row with a gap). */
  rows_excluded: number;
  /** Features with no value in any row: left out of the run. */
  empty_features: string[];
}

export interface PreparedMatrix {
  matrix: Matrix;
  /** Features used, in matrix column order. */
  features: string[];
  /** Non-numeric or empty features left out. */
  ignored: string[];
  /** Row index in the input of each matrix row (rows dropped for missing values are absent). */
  rowIndex: number[];
  /** Null when no cell of a used feature was missing and no feature was empty. */
  missing: MissingReport | null;
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
 * optionally standardised. A missing cell (null, empty, NaN) stays NaN for the algorithm to
 * treat ('auto') — a row with no value at all is left out, as a feature with none is — or is
 * imputed or its row dropped as asked; either way the report says how many there were.
 * ±Infinity is refused with the cell named, never turned into a NaN score.
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
      if (value === null || Number.isNaN(value)) {
        // Spreadsheet placeholders ("", "NA", "n/a", "null", "-"…) are gaps in a numeric column, not text.
        if (value === null && cellText(cell) !== null) column.text = true;
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
    const strategy = preprocessing.handle_missing ?? 'auto';
    const rowIndex: number[] = [];
    let excluded = 0;
    for (let i = 0; i < this.rows; i++) {
      const gaps = usable.filter(({ column }) => Number.isNaN(column.values[i]!)).length;
      if (strategy === 'auto' && gaps === usable.length) excluded++;
      else if (strategy !== 'drop' || gaps === 0) rowIndex.push(i);
    }
    if (rowIndex.length === 0) {
      throw new ValidationError('Every row has a missing value', [
        { field: 'preprocessing.handle_missing', message: `${strategy} left no rows` },
      ]);
    }
    const missing = this.report(usable, rowIndex, excluded);
    const n = rowIndex.length;
    const d = usable.length;
    const data = new Float64Array(n * d);
    usable.forEach(({ column }, col) => {
      const values = column.values.subarray(0, column.length);
      let fill = Number.NaN;
      if (strategy === 'median') fill = median(values);
      else if (strategy === 'zero') fill = 0;
      else if (strategy === 'mean') {
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
      missing,
    };
  }

  /** Missing cells of the rows kept, per used feature, with the rows and features left out. */
  private report(usable: Array<{ column: Column; j: number }>, rowIndex: number[], excluded: number) {
    const features: Record<string, number> = {};
    let cells = 0;
    let rows = 0;
    const gappy = new Uint8Array(this.rows);
    for (const { column, j } of usable) {
      let count = 0;
      for (const i of rowIndex) {
        if (!Number.isNaN(column.values[i]!)) continue;
        count++;
        gappy[i] = 1;
      }
      if (count > 0) features[this.features[j]!] = count;
      cells += count;
    }
    for (const flag of gappy) rows += flag;
    const empty = this.features.filter((_, j) => !this.columns[j]!.text && this.columns[j]!.numbers === 0);
    return cells + excluded + empty.length === 0
      ? null
      : { cells, rows, features, rows_excluded: excluded, empty_features: empty };
  }
}

/**
 * Rows for a fitted model: every one of its features, in its order, a missing cell (null,
 * empty, NaN, or text in its numeric column) as NaN for the model to treat as it was fitted to
 * (the training medians, for the algorithms that fill). Never the batch's own statistics: a
 * model scores one row as it scores a thousand. ±Infinity is refused with the cell named.
 */
export function modelMatrix(features: readonly string[], rows: readonly Cell[][]): Matrix {
  const d = features.length;
  const data = new Float64Array(rows.length * d);
  rows.forEach((row, i) => {
    features.forEach((name, j) => {
      const value = numeric(row[j] ?? null) ?? Number.NaN;
      if (value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY) {
        throw new ValidationError(`data[${i}][${j}] (${name}) is not a finite number`, [
          { field: `data[${i}][${j}]`, message: 'must be finite' },
        ]);
      }
      data[i * d + j] = value;
    });
  });
  return { data, n: rows.length, d };
}

/**
 * A column's mean and standard deviation over its observed values (NaN aside); a column without
 * spread gets 1, so standardising it leaves it at 0 rather than dividing by 0.
 */
export function observedMeanStd(data: Float64Array, n: number, d: number, col: number) {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i * d + col]!;
    if (Number.isNaN(v)) continue;
    sum += v;
    count++;
  }
  const mean = sum / count;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i * d + col]!;
    if (!Number.isNaN(v)) sq += (v - mean) ** 2;
  }
  return { mean, std: Math.sqrt(sq / count) || 1 };
}

/** Z-scores a column in place, over its observed values (a missing value stays NaN). */
function standardise(data: Float64Array, n: number, d: number, col: number): void {
  const { mean, std } = observedMeanStd(data, n, d, col);
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

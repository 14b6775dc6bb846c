import { ValidationError } from '../../core/src/errors';

/** A dense row-major matrix: row i, column j is `data[i * d + j]`. */
export interface Matrix {
  data: Float64Array;
  n: number;
  d: number;
}

/** What the forest accepts: a row-major matrix or plain rows of numbers. */
export type MatrixInput = Matrix | readonly (readonly number[])[];

/** Packs `number[][]` rows into a row-major matrix; rows must all have the same length. */
export function toMatrix(rows: readonly (readonly number[])[]): Matrix {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    if (row.length !== d) {
      throw new ValidationError(`row ${i} has ${row.length} values, expected ${d}`, [
        { field: `data[${i}]`, message: `expected ${d} values, got ${row.length}` },
      ]);
    }
    for (let j = 0; j < d; j++) data[i * d + j] = row[j]!;
  }
  return { data, n, d };
}

/**
 * Normalises and checks input for fitting or scoring: at least one row and one column,
 * consistent shape, and only finite values (NaN or ±Infinity would send rows down
 * arbitrary branches, so they are refused with the offending row and column named).
 */
export function checkMatrix(input: MatrixInput, expectedD?: number): Matrix {
  const m = isMatrix(input) ? input : toMatrix(input);
  const { data, n, d } = m;
  if (!Number.isInteger(n) || n <= 0) {
    throw new ValidationError('no rows to analyse', [
      { field: 'data', message: 'at least one row is required' },
    ]);
  }
  if (!Number.isInteger(d) || d <= 0) {
    throw new ValidationError('rows have no features', [
      { field: 'data', message: 'at least one feature is required' },
    ]);
  }
  if (data.length !== n * d) {
    throw new ValidationError(`data holds ${data.length} values, expected n × d = ${n * d}`, [
      { field: 'data', message: 'length does not match n × d' },
    ]);
  }
  if (expectedD !== undefined && d !== expectedD) {
    throw new ValidationError(`rows have ${d} features, the model was fitted on ${expectedD}`, [
      { field: 'data', message: `expected ${expectedD} features per row` },
    ]);
  }
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k]!)) {
      const row = Math.floor(k / d);
      const col = k % d;
      throw new ValidationError(`non-finite value ${data[k]} at row ${row}, column ${col}`, [
        { field: `data[${row}][${col}]`, message: 'value must be a finite number' },
      ]);
    }
  }
  return m;
}

function isMatrix(input: MatrixInput): input is Matrix {
  return !Array.isArray(input);
}

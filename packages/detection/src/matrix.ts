import { ValidationError } from '../../core/src/errors';

/** A dense row-major matrix: row i, column j is `data[i * d + j]`. */
export interface Matrix {
  data: Float64Array;
  n: number;
  d: number;
}

/** What the forest accepts: a row-major matrix or plain rows of numbers (null = missing). */
export type MatrixInput = Matrix | readonly (readonly (number | null)[])[];

/**
 * Packs rows into a row-major matrix; rows must all have the same length. A `null` (or
 * NaN) cell becomes NaN, the matrix's mark of a missing value — never 0, which would be
 * a made-up measurement.
 */
export function toMatrix(rows: readonly (readonly (number | null)[])[]): Matrix {
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
    for (let j = 0; j < d; j++) data[i * d + j] = row[j] ?? Number.NaN;
  }
  return { data, n, d };
}

/**
 * Normalises and checks input for fitting or scoring: at least one row and one column,
 * consistent shape, and only finite values (NaN or ±Infinity would send rows down
 * arbitrary branches, so they are refused with the offending row and column named).
 * With `allowMissing`, NaN passes as a missing value for the caller to handle
 * (see algorithms/missing.ts); ±Infinity is still refused, being a value, not an absence.
 */
export function checkMatrix(input: MatrixInput, expectedD?: number, allowMissing = false): Matrix {
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
    const v = data[k]!;
    if (!Number.isFinite(v) && !(allowMissing && Number.isNaN(v))) {
      const row = Math.floor(k / d);
      const col = k % d;
      const what = Number.isNaN(v) ? 'missing value' : `non-finite value ${v}`;
      throw new ValidationError(`${what} at row ${row}, column ${col}`, [
        { field: `data[${row}][${col}]`, message: 'value must be a finite number' },
      ]);
    }
  }
  return m;
}

function isMatrix(input: MatrixInput): input is Matrix {
  return !Array.isArray(input);
}

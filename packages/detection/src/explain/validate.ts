import { ValidationError } from '../../../core/src/errors';
import { checkMatrix, type Matrix } from '../matrix';

/** A checked row: its length must match the background's features and every value be finite. */
export function checkRow(x: ArrayLike<number>, d: number, field = 'x'): Float64Array {
  if (x.length !== d) {
    throw new ValidationError(`the row has ${x.length} features, the background has ${d}`, [
      { field, message: `expected ${d} values` },
    ]);
  }
  const row = Float64Array.from(x);
  const bad = row.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new ValidationError(`non-finite value ${row[bad]} at feature ${bad}`, [
      { field: `${field}[${bad}]`, message: 'value must be a finite number' },
    ]);
  }
  return row;
}

/** The background checked as any matrix (rows, features, finite values). */
export function checkBackground(background: Matrix): Matrix {
  try {
    return checkMatrix(background);
  } catch (e) {
    // Re-labelled so the caller learns which argument was wrong.
    if (e instanceof ValidationError) {
      throw new ValidationError(`background: ${e.message}`, [{ field: 'background', message: e.message }]);
    }
    throw e;
  }
}

/** An integer option in [min, max], `fallback` when undefined. */
export function intOption(name: string, value: unknown, fallback: number, min = 1, max = 1_000_000): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`${name} must be an integer in ${min}..${max}`, [
      { field: name, message: `an integer in ${min}..${max}` },
    ]);
  }
  return value;
}

/** A finite number option above 0, `fallback` when undefined. */
export function positiveOption(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ValidationError(`${name} must be a finite number above 0`, [
      { field: name, message: 'a finite number above 0' },
    ]);
  }
  return value;
}

/** The seed option: any finite number, 0 when undefined. */
export function seedOption(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValidationError('seed must be a finite number', [
      { field: 'seed', message: 'a finite number' },
    ]);
  }
  return value;
}

import { describe, expect, it } from 'vitest';
import { choleskySolve } from './linalg';

describe('choleskySolve', () => {
  it('solves a symmetric positive-definite system', () => {
    const a = new Float64Array([4, 2, 0.6, 2, 5, 1, 0.6, 1, 3]);
    const x = new Float64Array([1, -2, 0.5]);
    const b = new Float64Array(3);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) b[i] = b[i]! + a[i * 3 + j]! * x[j]!;
    const solved = choleskySolve(a, b, 3)!;
    for (let i = 0; i < 3; i++) expect(solved[i]).toBeCloseTo(x[i]!, 12);
  });

  it('reports a matrix that is not positive definite', () => {
    expect(choleskySolve(new Float64Array([1, 2, 2, 1]), new Float64Array([1, 1]), 2)).toBeUndefined();
  });
});

/**
 * Solves A·x = b for a symmetric positive-definite k × k matrix A (row-major) by Cholesky
 * factorisation. Returns undefined when A is not numerically positive definite, so callers
 * can decide how to regularise rather than receive NaNs.
 */
export function choleskySolve(a: Float64Array, b: Float64Array, k: number): Float64Array | undefined {
  // Lower factor L with A = L·Lᵀ.
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j]!;
      for (let p = 0; p < j; p++) s -= l[i * k + p]! * l[j * k + p]!;
      if (i === j) {
        if (!(s > 0)) return undefined;
        l[i * k + i] = Math.sqrt(s);
      } else {
        l[i * k + j] = s / l[j * k + j]!;
      }
    }
  }
  // Forward substitution L·y = b, then back substitution Lᵀ·x = y.
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i]!;
    for (let p = 0; p < i; p++) s -= l[i * k + p]! * y[p]!;
    y[i] = s / l[i * k + i]!;
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let p = i + 1; p < k; p++) s -= l[p * k + i]! * x[p]!;
    x[i] = s / l[i * k + i]!;
  }
  return x;
}

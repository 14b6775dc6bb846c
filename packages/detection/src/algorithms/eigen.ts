/** Sweeps after which the Jacobi iteration gives up; it converges quadratically, in well under 20. */
const MAX_SWEEPS = 50;

/** Eigen-decomposition of a symmetric matrix: values descending, vectors as matching columns. */
export interface Eigen {
  values: Float64Array;
  /** Row-major d × d: component i of the k-th eigenvector is `vectors[i * d + k]`. */
  vectors: Float64Array;
}

/**
 * Eigenvalues and orthonormal eigenvectors of a symmetric d × d matrix (row-major, not
 * modified) by cyclic Jacobi rotations. O(d³) per sweep: meant for covariance matrices
 * of at most about a hundred features, where it is exact to rounding and needs no library.
 */
export function symmetricEigen(matrix: Float64Array, d: number): Eigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  let scale = 0;
  for (const x of a) scale += x * x;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q]! ** 2;
    if (off <= Number.EPSILON ** 2 * scale) break;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) rotate(a, v, d, p, q);
  }
  const order = Array.from({ length: d }, (_, k) => k).sort((x, y) => a[y * d + y]! - a[x * d + x]!);
  const values = Float64Array.from(order, (k) => a[k * d + k]!);
  const vectors = new Float64Array(d * d);
  order.forEach((k, col) => {
    for (let i = 0; i < d; i++) vectors[i * d + col] = v[i * d + k]!;
  });
  return { values, vectors };
}

/** Zeroes a[p][q] (and a[q][p]) with one Givens rotation, accumulated into v. */
function rotate(a: Float64Array, v: Float64Array, d: number, p: number, q: number): void {
  const apq = a[p * d + q]!;
  if (apq === 0) return;
  const theta = (a[q * d + q]! - a[p * d + p]!) / (2 * apq);
  // The smaller root of t² + 2θt − 1 = 0 keeps the rotation angle ≤ π/4, which is what converges.
  const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < d; k++) {
    const kp = a[k * d + p]!;
    const kq = a[k * d + q]!;
    a[k * d + p] = c * kp - s * kq;
    a[k * d + q] = s * kp + c * kq;
  }
  for (let k = 0; k < d; k++) {
    const pk = a[p * d + k]!;
    const qk = a[q * d + k]!;
    a[p * d + k] = c * pk - s * qk;
    a[q * d + k] = s * pk + c * qk;
  }
  for (let k = 0; k < d; k++) {
    const kp = v[k * d + p]!;
    const kq = v[k * d + q]!;
    v[k * d + p] = c * kp - s * kq;
    v[k * d + q] = s * kp + c * kq;
  }
}

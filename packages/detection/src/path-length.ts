/** Euler–Mascheroni constant, as in scikit-learn's `_average_path_length`. */
const EULER_GAMMA = 0.5772156649;

/**
 * c(n): the average path length of an unsuccessful search in a binary search tree of n
 * points (Liu et al. 2008), used to normalise isolation depths and to correct leaves that
 * hold more than one sample. Matches scikit-learn: c(0) = c(1) = 0, c(2) = 1,
 * c(n) = 2 H(n-1) - 2 (n-1)/n with H(i) = ln(i) + γ (c(256) ≈ 10.2448).
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

import { ValidationError } from '../../../core/src/errors';
import type { Detector } from '../algorithms/types';
import type { Matrix } from '../matrix';
import { CoalitionGame } from './coalitions';
import { mulberry32, type Prng, sampleIndices, shuffleInPlace } from './prng';
import { checkBackground, checkRow, intOption, seedOption } from './validate';

/** Options of {@link shapValues}. */
export interface ShapOptions {
  /** Permutations for the sampled estimator (rounded up to an even count: antithetic pairs). @default 200 */
  nSamples?: number;
  /** Seed for the background subsample and the permutations. @default 0 */
  seed?: number;
  /** Background rows kept (a seeded subsample without replacement when there are more). @default 50 */
  maxBackground?: number;
  /**
   * 'auto' enumerates every coalition when d ≤ 10 and samples permutations above; 'exact'
   * forces enumeration (up to d = 16); 'sampling' forces the estimator. @default 'auto'
   */
  method?: 'auto' | 'exact' | 'sampling';
}

/** Shapley decomposition of one row's raw score. */
export interface ShapResult {
  /** Mean raw score of the (subsampled) background: the score with no feature known. */
  baseValue: number;
  /** Per-feature share of `score(x) − baseValue`; positive = pushes the row towards anomalous. */
  values: Float64Array;
  /** Whether every coalition was enumerated (true) or permutations were sampled (false). */
  exact: boolean;
}

/** Largest d enumerated by default: 2^10 coalitions × 50 background rows is ~51k scored rows. */
export const AUTO_EXACT_MAX_FEATURES = 10;
/** Largest d enumerated on request: beyond it 2^d coalitions outgrow any sensible budget. */
export const EXACT_MAX_FEATURES = 16;

/**
 * Interventional Shapley values of `detector.score(x)` (the raw score: `normalizedScore`
 * is clipped at the training extremes, so for the rows most worth explaining it saturates
 * at 1 and would split the credit evenly between any features that each suffice alone).
 * The value of a coalition S is the mean raw score of the background rows with the
 * features in S set to x's values.
 *
 * Exact (every coalition, Shapley weights) when d ≤ 10 or `method: 'exact'`: then
 * `baseValue + Σ values = score(x)` up to floating-point rounding (|error| < 1e-12·max(1, |score|)).
 * Otherwise permutation sampling with antithetic pairs (each permutation and its reverse):
 * each permutation's marginal contributions telescope to `score(x) − baseValue`, so
 * efficiency holds to the same rounding tolerance, while each value carries Monte Carlo
 * error shrinking as 1/√nSamples. Cost: (2^d − 2) or nSamples·(d − 1) coalitions, each
 * scoring every background row.
 *
 * Errors: a row whose length differs from the background's, non-finite values, or bad
 * options raise a ValidationError; an unfitted detector or one fitted on another number
 * of features raises its own error.
 */
export function shapValues(
  detector: Detector,
  background: Matrix,
  x: ArrayLike<number>,
  options: ShapOptions = {},
): ShapResult {
  const bg = checkBackground(background);
  const d = bg.d;
  const row = checkRow(x, d);
  const nSamples = intOption('nSamples', options.nSamples, 200, 1);
  const maxBackground = intOption('maxBackground', options.maxBackground, 50, 1);
  const method = options.method ?? 'auto';
  if (method !== 'auto' && method !== 'exact' && method !== 'sampling') {
    throw new ValidationError(`unknown method '${String(method)}'`, [
      { field: 'method', message: "one of 'auto', 'exact', 'sampling'" },
    ]);
  }
  const exact = method === 'exact' || (method === 'auto' && d <= AUTO_EXACT_MAX_FEATURES);
  if (exact && d > EXACT_MAX_FEATURES) {
    throw new ValidationError(
      `exact Shapley values need 2^${d} coalitions; at most ${EXACT_MAX_FEATURES} features`,
      [{ field: 'method', message: `'exact' supports at most ${EXACT_MAX_FEATURES} features` }],
    );
  }
  const rng = mulberry32(seedOption(options.seed));
  // Scoring x first lets an unfitted or mismatched detector fail with its own error before any work.
  const fx = detector.score({ data: row, n: 1, d })[0]!;
  const sample = subsample(bg, maxBackground, rng);
  const baseValue = mean(detector.score(sample));
  const game = new CoalitionGame(detector, sample, row);
  const values = exact
    ? exactShapley(game, baseValue, fx)
    : sampledShapley(game, baseValue, fx, Math.ceil(nSamples / 2), rng);
  return { baseValue, values, exact };
}

function exactShapley(game: CoalitionGame, base: number, fx: number): Float64Array {
  const d = game.d;
  const m = 2 ** d;
  const v = new Float64Array(m);
  // The empty and full coalitions are known already; pinning them makes efficiency exact.
  v[0] = base;
  v[m - 1] = fx;
  const inner = Math.max(0, m - 2);
  const flags = new Uint8Array(inner * d);
  for (let c = 0; c < inner; c++) {
    const mask = c + 1;
    for (let j = 0; j < d; j++) flags[c * d + j] = (mask >>> j) & 1;
  }
  game.values(flags, inner, v, 1);
  // Shapley weight |S|!(d−|S|−1)!/d! by the recurrence w(s) = w(s−1)·s/(d−s), free of factorial overflow.
  const weight = new Float64Array(d);
  weight[0] = 1 / d;
  for (let s = 1; s < d; s++) weight[s] = (weight[s - 1]! * s) / (d - s);
  const phi = new Float64Array(d);
  for (let mask = 0; mask < m; mask++) {
    const size = popcount(mask);
    for (let j = 0; j < d; j++) {
      const bit = 1 << j;
      if (mask & bit) continue;
      phi[j] = phi[j]! + weight[size]! * (v[mask | bit]! - v[mask]!);
    }
  }
  return phi;
}

function sampledShapley(
  game: CoalitionGame,
  base: number,
  fx: number,
  pairs: number,
  rng: Prng,
): Float64Array {
  const d = game.d;
  const perms = 2 * pairs;
  const order = new Uint32Array(perms * d);
  const identity = Uint32Array.from({ length: d }, (_, j) => j);
  for (let p = 0; p < pairs; p++) {
    const perm = shuffleInPlace(identity.slice(), rng);
    order.set(perm, 2 * p * d);
    // The reversed permutation is the antithetic twin: features early in one are late in the other.
    order.set(perm.reverse(), (2 * p + 1) * d);
  }
  // Prefixes of length 1..d−1 of each permutation; the empty and full prefixes are base and fx.
  const perPerm = d - 1;
  const flags = new Uint8Array(perms * perPerm * d);
  for (let p = 0; p < perms; p++) {
    for (let k = 0; k < perPerm; k++) {
      const f = (p * perPerm + k) * d;
      for (let i = 0; i <= k; i++) flags[f + order[p * d + i]!] = 1;
    }
  }
  const v = new Float64Array(perms * perPerm);
  game.values(flags, perms * perPerm, v);
  const phi = new Float64Array(d);
  for (let p = 0; p < perms; p++) {
    let previous = base;
    for (let k = 0; k < d; k++) {
      const current = k === d - 1 ? fx : v[p * perPerm + k]!;
      const j = order[p * d + k]!;
      phi[j] = phi[j]! + current - previous;
      previous = current;
    }
  }
  for (let j = 0; j < d; j++) phi[j] = phi[j]! / perms;
  return phi;
}

/** At most `k` rows of `m`, drawn without replacement and kept in their original order. */
export function subsample(m: Matrix, k: number, rng: Prng): Matrix {
  if (m.n <= k) return m;
  const { d } = m;
  const picked = sampleIndices(m.n, k, rng);
  const data = new Float64Array(k * d);
  picked.forEach((r, i) => {
    data.set(m.data.subarray(r * d, r * d + d), i * d);
  });
  return { data, n: k, d };
}

function mean(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
}

function popcount(mask: number): number {
  let c = 0;
  for (let m = mask; m; m &= m - 1) c++;
  return c;
}

import type { Detector } from '../algorithms/types';
import type { Matrix } from '../matrix';
import { choleskySolve } from './linalg';
import { mulberry32 } from './prng';
import { checkBackground, checkRow, intOption, positiveOption, seedOption } from './validate';

/** Options of {@link limeExplanation}. */
export interface LimeOptions {
  /** Perturbed rows scored, the row itself included. @default 1000 */
  nSamples?: number;
  /** Width of the exponential kernel on standardised distance. @default 0.75·√d */
  kernelWidth?: number;
  /** Seed of the perturbations. @default 0 */
  seed?: number;
}

/**
 * A local linear surrogate of the raw score around one row:
 * `score(z) ≈ intercept + Σ weights[j]·z[j]` for z near x, in the features' own units.
 */
export interface LimeResult {
  /** The surrogate's value at z = 0; `intercept + Σ weights[j]·x[j]` is its value at x. */
  intercept: number;
  /** Change of the raw score per unit of each feature near x; 0 for features that cannot vary. */
  weights: Float64Array;
  /** Kernel-weighted R² of the surrogate on the perturbed rows (1 = the score is locally linear). */
  r2: number;
}

/** Ridge penalty relative to the total kernel weight: enough to keep the solve stable, too small to bias. */
const RIDGE = 1e-6;

/**
 * LIME for tabular rows (Ribeiro, Singh & Guestrin 2016), on the raw `score` for the same
 * reason as {@link shapValues} (the normalized score is clipped flat beyond the training
 * extremes). Each perturbed row draws feature j from N(x_j, σ_j), σ_j being the
 * background's standard deviation — or, for a feature constant in the background,
 * |x_j − its value|, so a row that departs from a constant still gets that feature varied;
 * features equal to a constant background are held fixed and get weight 0. Rows are
 * weighted by exp(−D²/(2·width²)) with D the Euclidean distance to x in σ units (LIME's
 * √exp(−D²/width²)), and a weighted ridge regression with a tiny penalty is fitted on the
 * standardised features through its normal equations.
 *
 * Weights measure the score's local slope: where the score is flat around x (e.g. a tree
 * ensemble for a row far beyond every training value) they are near 0 even for the feature
 * that makes the row anomalous — use {@link shapValues} for attribution against the data.
 */
export function limeExplanation(
  detector: Detector,
  background: Matrix,
  x: ArrayLike<number>,
  options: LimeOptions = {},
): LimeResult {
  const bg = checkBackground(background);
  const d = bg.d;
  const row = checkRow(x, d);
  const nSamples = intOption('nSamples', options.nSamples, 1000, 2);
  const width = positiveOption('kernelWidth', options.kernelWidth, 0.75 * Math.sqrt(d));
  const rng = mulberry32(seedOption(options.seed));
  // Scoring x first lets an unfitted or mismatched detector fail with its own error.
  detector.score({ data: row, n: 1, d });

  const sigma = perturbationScales(bg, row);
  const active = [...sigma.keys()].filter((j) => sigma[j]! > 0);
  const a = active.length;
  // Standardised offsets u = (z − x)/σ over the active features; row 0 is x itself, as in LIME.
  const u = new Float64Array(nSamples * a);
  const z = new Float64Array(nSamples * d);
  const w = new Float64Array(nSamples);
  for (let k = 0; k < nSamples; k++) {
    z.set(row, k * d);
    let dist2 = 0;
    if (k > 0) {
      for (let i = 0; i < a; i++) {
        const g = rng.gaussian();
        const j = active[i]!;
        u[k * a + i] = g;
        z[k * d + j] = row[j]! + g * sigma[j]!;
        dist2 += g * g;
      }
    }
    w[k] = Math.exp(-dist2 / (2 * width * width));
  }
  const y = detector.score({ data: z, n: nSamples, d });
  const fit = weightedRidge(u, y, w, nSamples, a);

  const weights = new Float64Array(d);
  let intercept = fit.intercept;
  active.forEach((j, i) => {
    weights[j] = fit.coef[i]! / sigma[j]!;
    intercept -= weights[j]! * row[j]!;
  });
  return { intercept, weights, r2: fit.r2 };
}

/** Background standard deviation per feature, with the fallbacks described on {@link limeExplanation}. */
function perturbationScales({ data, n, d }: Matrix, row: Float64Array): Float64Array {
  const sigma = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data[i * d + j]!;
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (data[i * d + j]! - mean) ** 2;
    const sd = Math.sqrt(ss / n);
    // A spread of rounding size only would blow coefficients up when divided back out.
    sigma[j] = sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : Math.abs(row[j]! - mean);
  }
  return sigma;
}

interface RidgeFit {
  intercept: number;
  coef: Float64Array;
  r2: number;
}

/** Weighted ridge y ≈ c + u·β with an unpenalised intercept, solved on weighted-centred data. */
function weightedRidge(u: Float64Array, y: Float64Array, w: Float64Array, n: number, a: number): RidgeFit {
  let wSum = 0;
  let yMean = 0;
  const uMean = new Float64Array(a);
  for (let k = 0; k < n; k++) {
    const wk = w[k]!;
    wSum += wk;
    yMean += wk * y[k]!;
    for (let i = 0; i < a; i++) uMean[i] = uMean[i]! + wk * u[k * a + i]!;
  }
  yMean /= wSum;
  for (let i = 0; i < a; i++) uMean[i] = uMean[i]! / wSum;

  const gram = new Float64Array(a * a);
  const rhs = new Float64Array(a);
  const centred = new Float64Array(a);
  for (let k = 0; k < n; k++) {
    const wk = w[k]!;
    const yc = y[k]! - yMean;
    for (let i = 0; i < a; i++) centred[i] = u[k * a + i]! - uMean[i]!;
    for (let i = 0; i < a; i++) {
      const wi = wk * centred[i]!;
      rhs[i] = rhs[i]! + wi * yc;
      for (let j = 0; j <= i; j++) gram[i * a + j] = gram[i * a + j]! + wi * centred[j]!;
    }
  }
  for (let i = 0; i < a; i++) {
    gram[i * a + i] = gram[i * a + i]! + RIDGE * wSum;
    for (let j = 0; j < i; j++) gram[j * a + i] = gram[i * a + j]!;
  }
  // With the ridge term the Gram matrix is positive definite; undefined would mean non-finite input.
  const coef = a > 0 ? (choleskySolve(gram, rhs, a) ?? new Float64Array(a)) : new Float64Array(0);
  let intercept = yMean;
  for (let i = 0; i < a; i++) intercept -= coef[i]! * uMean[i]!;

  let ssRes = 0;
  let ssTot = 0;
  for (let k = 0; k < n; k++) {
    let pred = intercept;
    for (let i = 0; i < a; i++) pred += coef[i]! * u[k * a + i]!;
    ssRes += w[k]! * (y[k]! - pred) ** 2;
    ssTot += w[k]! * (y[k]! - yMean) ** 2;
  }
  // A constant score (no variation to explain) is fitted exactly, as scikit-learn's r2_score rates it.
  const r2 = y.every((v) => v === y[0]) ? 1 : 1 - ssRes / ssTot;
  return { intercept, coef, r2 };
}

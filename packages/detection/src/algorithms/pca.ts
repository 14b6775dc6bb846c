import { ValidationError } from '../../../core/src/errors';
import { choleskySolve } from '../explain/linalg';
import { BaseDetector } from './base';
import { type ColumnScale, meanStd, sharedScale } from './column-stats';
import { symmetricEigen } from './eigen';
import { CONTAMINATION, resolveParams, STANDARDIZE } from './params';
import type { AlgorithmSpec, Contamination, Matrix } from './types';

/** Options of {@link Pca}. */
export type PcaOptions = { variance?: number; standardize?: boolean; contamination?: Contamination };

/** Features above which the Jacobi eigen-decomposition (O(d³) per sweep) is refused. */
export const PCA_MAX_FEATURES = 100;

const PARAMETERS = [
  {
    name: 'variance',
    type: 'float',
    default: 0.95,
    min: 0,
    minExclusive: true,
    max: 1,
    description: 'Share of the variance the kept principal components must explain.',
  },
  {
    ...STANDARDIZE,
    description: 'Z-score the features first (correlation PCA), so that large units do not dominate.',
  },
  CONTAMINATION,
] as const;

/**
 * Squared residuals below this share of the total variance are rounding, not distance from
 * the subspace: data that lie exactly in a subspace leave only rounding noise outside it,
 * and scaled to [0, 1] that noise would flag rows at random.
 */
const NOISE = 1e-12;
/** Rounds of iterative imputation at most, and the change of a filled value that ends them. */
const IMPUTE_ROUNDS = 20;
const IMPUTE_TOLERANCE = 1e-6;
/** Ridge on the normal equations of a row with gaps, for rows with fewer values than components. */
const RIDGE = 1e-10;

/**
 * PCA reconstruction error (Shyu et al. 2003 use the same subspaces): the principal
 * components explaining `variance` of the training variance span "normal" rows; a row's raw
 * score is its squared distance from that subspace, so rows that break the correlations
 * between features stand out even when each value alone is ordinary. At most a − 1
 * components are kept for the a features that vary, so some residual always remains.
 *
 * A constant feature is left out of the decomposition (it has no variance to explain, and
 * its zero-variance direction would be kept as if it were structure); a new row that
 * departs from its value adds the whole departure to the residual. Components at rounding
 * level are never kept, and residuals at rounding level score 0 (see NOISE).
 *
 * Missing values ('reconstruct' handling): a gap is filled with the value the subspace
 * predicts from the row's other features — the subspace point nearest the row on its
 * observed features — and adds no residual; the training subspace is fitted by iterating
 * fill and fit (iterative PCA imputation). A median would break the very correlations the
 * residual measures and make every row with a gap look anomalous.
 */
export class Pca extends BaseDetector {
  readonly name = 'pca';
  protected readonly missingHandling = 'reconstruct';
  private readonly variance: number;
  private readonly scaled: boolean;
  private cols: ColumnScale = { center: new Float64Array(0), scale: new Float64Array(0) };
  /** Features that vary among the training rows: the coordinates of the decomposition. */
  private active: number[] = [];
  /** Kept components as rows over the active features (component c is [c·a, c·a + a)). */
  private components = new Float64Array(0);
  private kept = 0;
  private floor = 0;

  constructor(options: PcaOptions = {}) {
    const p = resolveParams('pca', PARAMETERS, options);
    super(p.contamination as Contamination, p);
    this.variance = p.variance as number;
    this.scaled = p.standardize as boolean;
  }

  protected fitModel(m: Matrix): Float64Array {
    const { data, n, d } = m;
    if (d > PCA_MAX_FEATURES) {
      throw new ValidationError(`PCA supports at most ${PCA_MAX_FEATURES} features, got ${d}`, [
        { field: 'data', message: `at most ${PCA_MAX_FEATURES} features` },
      ]);
    }
    const cols = meanStd(m, () => 1);
    // Unstandardised, features keep their units: one shared scale, 1 unless squares would overflow.
    if (!this.scaled) cols.scale = sharedScale(m).scale;
    this.cols = cols;
    this.active = varyingFeatures(m);
    const a = this.active.length;
    const z = new Float64Array(n * a);
    const gaps: number[] = [];
    for (let i = 0; i < n; i++) {
      this.standardize(data.subarray(i * d, i * d + d), z.subarray(i * a, i * a + a));
      if (z.subarray(i * a, i * a + a).some(Number.isNaN)) gaps.push(i);
    }
    if (gaps.length === 0) this.decompose(z, n);
    else this.imputeAndDecompose(z, n, gaps);
    return this.rawScores(m);
  }

  protected rawScores({ data, n, d }: Matrix): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (const r of this.residual(data.subarray(i * d, i * d + d))) sum += r;
      out[i] = sum;
    }
    return out;
  }

  /** Squared residual per feature (standardised units, 0 where missing); they sum to the score. */
  protected explainRow(row: Float64Array): Float64Array {
    return this.residual(row);
  }

  protected modelJSON(): unknown {
    return {
      center: Array.from(this.cols.center),
      scale: Array.from(this.cols.scale),
      features: this.active,
      components: this.kept,
      loadings: Array.from(this.components),
    };
  }

  /** The active features of a raw row, standardised, into `out` (NaN stays NaN). */
  private standardize(row: Float64Array, out: Float64Array): void {
    const { center, scale } = this.cols;
    for (let t = 0; t < this.active.length; t++) {
      const j = this.active[t]!;
      out[t] = (row[j]! - center[j]!) / scale[j]!;
    }
  }

  /** Principal components of the standardised rows `z` (n × a): which to keep, and the noise floor. */
  private decompose(z: Float64Array, n: number): void {
    const a = this.active.length;
    const cov = new Float64Array(a * a);
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < a; p++) {
        const zp = z[i * a + p]!;
        for (let q = p; q < a; q++) cov[p * a + q] = cov[p * a + q]! + zp * z[i * a + q]!;
      }
    }
    for (let p = 0; p < a; p++) for (let q = p; q < a; q++) cov[q * a + p] = cov[p * a + q]! /= n;
    const { values, vectors } = symmetricEigen(cov, a);
    let total = 0;
    for (const l of values) total += Math.max(l, 0);
    let kept = 0;
    for (let acc = 0; kept < a - 1 && acc < this.variance * total && values[kept]! > NOISE * total; kept++)
      acc += values[kept]!;
    this.kept = kept;
    this.floor = NOISE * total;
    this.components = new Float64Array(kept * a);
    for (let c = 0; c < kept; c++)
      for (let t = 0; t < a; t++) this.components[c * a + t] = vectors[t * a + c]!;
  }

  /**
   * Iterative PCA imputation: gaps start at the mean (0 once standardised), then are refilled
   * from the subspace fitted to the filled rows until the fills settle.
   */
  private imputeAndDecompose(z: Float64Array, n: number, gaps: number[]): void {
    const a = this.active.length;
    // Each row with gaps as it came (NaN marks them), kept while its gaps in z are refilled.
    const given = gaps.map((i) => z.slice(i * a, i * a + a));
    for (const i of gaps) for (let k = i * a; k < i * a + a; k++) if (Number.isNaN(z[k]!)) z[k] = 0;
    for (let round = 0; round < IMPUTE_ROUNDS; round++) {
      this.decompose(z, n);
      let change = 0;
      gaps.forEach((i, g) => {
        const row = given[g]!;
        const fitted = this.nearest(row);
        for (let t = 0; t < a; t++) {
          if (!Number.isNaN(row[t]!)) continue;
          change = Math.max(change, Math.abs(fitted[t]! - z[i * a + t]!));
          z[i * a + t] = fitted[t]!;
        }
      });
      if (change < IMPUTE_TOLERANCE) break;
    }
    this.decompose(z, n);
  }

  /**
   * The point of the kept subspace nearest a standardised row on its observed coordinates
   * (NaN marks a gap): least squares over those coordinates only. For a complete row it is
   * the plain projection, the components being orthonormal.
   */
  private nearest(z: Float64Array): Float64Array {
    const a = z.length;
    const k = this.kept;
    const v = this.components;
    const complete = !z.some(Number.isNaN);
    const rhs = new Float64Array(k);
    for (let p = 0; p < k; p++) {
      let dot = 0;
      for (let t = 0; t < a; t++) if (complete || !Number.isNaN(z[t]!)) dot += v[p * a + t]! * z[t]!;
      rhs[p] = dot;
    }
    const coef = complete ? rhs : this.solveObserved(rhs, z);
    const out = new Float64Array(a);
    for (let c = 0; c < k; c++) for (let t = 0; t < a; t++) out[t] = out[t]! + coef[c]! * v[c * a + t]!;
    return out;
  }

  /** Coefficients c minimising |z − Vᵀc|² over the observed coordinates of z, from Vᵀz there (`rhs`). */
  private solveObserved(rhs: Float64Array, z: Float64Array): Float64Array {
    const a = z.length;
    const k = this.kept;
    const v = this.components;
    const gram = new Float64Array(k * k);
    for (let p = 0; p < k; p++) {
      gram[p * k + p] = RIDGE;
      for (let q = 0; q <= p; q++) {
        for (let t = 0; t < a; t++)
          if (!Number.isNaN(z[t]!)) gram[p * k + q] = gram[p * k + q]! + v[p * a + t]! * v[q * a + t]!;
        gram[q * k + p] = gram[p * k + q]!;
      }
    }
    return k === 0 ? rhs : (choleskySolve(gram, rhs, k) ?? new Float64Array(k));
  }

  /**
   * Squared residual per feature of a raw row: standardised value minus its nearest subspace
   * point on the active features, the whole standardised departure on constant ones, 0 for
   * a missing value; all 0 when their sum is at rounding level.
   */
  private residual(row: Float64Array): Float64Array {
    const { center, scale } = this.cols;
    const out = new Float64Array(row.length);
    for (let j = 0; j < row.length; j++) {
      const v = row[j]!;
      if (!Number.isNaN(v)) out[j] = ((v - center[j]!) / scale[j]!) ** 2;
    }
    const z = new Float64Array(this.active.length);
    this.standardize(row, z);
    const fitted = this.nearest(z);
    for (let t = 0; t < z.length; t++) {
      const j = this.active[t]!;
      out[j] = Number.isNaN(z[t]!) ? 0 : (z[t]! - fitted[t]!) ** 2;
    }
    let sum = 0;
    for (const r of out) sum += r;
    return sum <= this.floor ? out.fill(0) : out;
  }
}

/** Features whose observed training values are not all equal. */
function varyingFeatures({ data, n, d }: Matrix): number[] {
  const out: number[] = [];
  for (let j = 0; j < d; j++) {
    let first = Number.NaN;
    for (let i = 0; i < n; i++) {
      const v = data[i * d + j]!;
      if (Number.isNaN(v)) continue;
      if (Number.isNaN(first)) first = v;
      else if (v !== first) {
        out.push(j);
        break;
      }
    }
  }
  return out;
}

/** Registry entry of {@link Pca}. */
export const pcaSpec: AlgorithmSpec = {
  name: 'pca',
  label: 'PCA reconstruction error',
  description:
    'Squared distance of a row from the principal subspace that explains most of the variance: ' +
    'catches rows that break the usual correlations between features.',
  family: 'linear',
  parameters: PARAMETERS,
  scoreRange: '[0, ∞): squared reconstruction error in standardised units',
  complexity: `O(n·d² + d³) fit, O(n·d·k) score for k kept components; at most ${PCA_MAX_FEATURES} features`,
  create: (params) => new Pca(params),
};

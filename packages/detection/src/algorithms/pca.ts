import { ValidationError } from '../../../core/src/errors';
import { BaseDetector } from './base';
import { type ColumnScale, meanStd } from './column-stats';
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
 * PCA reconstruction error (Shyu et al. 2003 use the same subspaces): the principal
 * components explaining `variance` of the training variance span "normal" rows; a row's raw
 * score is its squared distance from that subspace, so rows that break the correlations
 * between features stand out even when each value alone is ordinary. At most d − 1
 * components are kept, so some residual always remains to score.
 */
export class Pca extends BaseDetector {
  readonly name = 'pca';
  private readonly variance: number;
  private readonly scaled: boolean;
  private cols: ColumnScale = { center: new Float64Array(0), scale: new Float64Array(0) };
  private components = new Float64Array(0);
  private kept = 0;

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
    if (!this.scaled) cols.scale.fill(1);
    this.cols = cols;
    const cov = new Float64Array(d * d);
    const z = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) z[j] = (data[i * d + j]! - cols.center[j]!) / cols.scale[j]!;
      for (let p = 0; p < d; p++)
        for (let q = p; q < d; q++) cov[p * d + q] = cov[p * d + q]! + z[p]! * z[q]!;
    }
    for (let p = 0; p < d; p++) for (let q = p; q < d; q++) cov[q * d + p] = cov[p * d + q]! /= n;
    const { values, vectors } = symmetricEigen(cov, d);
    let total = 0;
    for (const l of values) total += Math.max(l, 0);
    let kept = 0;
    for (let acc = 0; kept < d - 1 && acc < this.variance * total; kept++) acc += Math.max(values[kept]!, 0);
    this.kept = kept;
    // Kept components as rows (component c is components[c * d .. c * d + d)) for cache-friendly projections.
    this.components = new Float64Array(kept * d);
    for (let c = 0; c < kept; c++)
      for (let j = 0; j < d; j++) this.components[c * d + j] = vectors[j * d + c]!;
    return this.rawScores(m);
  }

  protected rawScores({ data, n, d }: Matrix): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (const r of this.residual(data.subarray(i * d, i * d + d))) sum += r * r;
      out[i] = sum;
    }
    return out;
  }

  /** Squared residual per feature (standardised units); they sum to the score. */
  protected explainRow(row: Float64Array): Float64Array {
    return this.residual(row).map((r) => r * r);
  }

  protected modelJSON(): unknown {
    return {
      center: Array.from(this.cols.center),
      scale: Array.from(this.cols.scale),
      components: this.kept,
      loadings: Array.from(this.components),
    };
  }

  /** Standardised row minus its projection onto the kept components. */
  private residual(row: Float64Array): Float64Array {
    const d = row.length;
    const { center, scale } = this.cols;
    const z = row.map((v, j) => (v - center[j]!) / scale[j]!);
    const res = Float64Array.from(z);
    for (let c = 0; c < this.kept; c++) {
      let proj = 0;
      for (let j = 0; j < d; j++) proj += this.components[c * d + j]! * z[j]!;
      for (let j = 0; j < d; j++) res[j] = res[j]! - proj * this.components[c * d + j]!;
    }
    return res;
  }
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

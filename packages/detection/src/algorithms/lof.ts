import { BaseDetector } from './base';
import { CONTAMINATION, resolveParams, STANDARDIZE } from './params';
import { ReferenceSet, usableK } from './reference-set';
import type { AlgorithmSpec, Contamination, Matrix } from './types';

/** Options of {@link Lof}. */
export type LofOptions = { k?: number; standardize?: boolean; contamination?: Contamination };

const PARAMETERS = [
  { name: 'k', type: 'int', default: 20, min: 1, max: 1000, description: 'Neighbours per row (MinPts).' },
  STANDARDIZE,
  CONTAMINATION,
] as const;

/** Added to mean reachability distances, as scikit-learn does, so duplicates do not divide by 0. */
const REACH_EPSILON = 1e-10;

/**
 * Local outlier factor (Breunig et al. 2000), as scikit-learn computes it: the local
 * reachability density of a row's k nearest neighbours divided by its own, so a row in a
 * sparse spot next to a dense cluster stands out even when global distances would not
 * notice. About 1 inside clusters, larger for outliers. Neighbour search and limits as
 * {@link Knn}; new rows are compared with the training neighbourhoods (novelty scoring).
 * With k or fewer training rows, k is cut to n − 1 and the fit report says so. Missing
 * values are replaced by the training medians.
 */
export class Lof extends BaseDetector {
  readonly name = 'lof';
  protected readonly missingHandling = 'median';
  private readonly k: number;
  /** k as the training rows allow it (see usableK). */
  private kUsed = 0;
  private readonly scaled: boolean;
  private ref: ReferenceSet | undefined;
  private kDistance = new Float64Array(0);
  private density = new Float64Array(0);

  constructor(options: LofOptions = {}) {
    const p = resolveParams('lof', PARAMETERS, options);
    super(p.contamination as Contamination, p);
    this.k = p.k as number;
    this.scaled = p.standardize as boolean;
  }

  protected fitModel(m: Matrix): Float64Array {
    const { n } = m;
    const k = usableK(this.k, n, (a) => this.adjust(a));
    this.kUsed = k;
    const ref = new ReferenceSet(m, this.scaled);
    // Training neighbourhoods are kept for the second pass: densities need every k-distance first.
    const counts = new Int32Array(n);
    const neighbours = new Int32Array(n * k);
    const dists = new Float64Array(n * k);
    this.kDistance = new Float64Array(n);
    ref.neighboursOf(m, k, (row, index, dist, count) => {
      counts[row] = count;
      neighbours.set(index.subarray(0, count), row * k);
      dists.set(dist.subarray(0, count), row * k);
      this.kDistance[row] = count > 0 ? dist[count - 1]! : 0;
    });
    this.density = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.density[i] = this.reachDensity(neighbours.subarray(i * k), dists.subarray(i * k), counts[i]!);
    }
    this.ref = ref;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = this.factor(neighbours.subarray(i * k), this.density[i]!, counts[i]!);
    }
    return out;
  }

  protected rawScores(m: Matrix): Float64Array {
    const out = new Float64Array(m.n);
    this.ref!.neighboursOf(m, this.kUsed, (row, index, dist, count) => {
      out[row] = this.factor(index, this.reachDensity(index, dist, count), count);
    });
    return out;
  }

  /** Mean squared standardised difference to the k neighbours per feature (see ReferenceSet.separation). */
  protected explainRow(row: Float64Array): Float64Array {
    return this.ref!.separation(row, this.kUsed);
  }

  protected modelJSON(): unknown {
    return this.ref!.toJSON();
  }

  /** 1 / mean over neighbours o of max(k-distance(o), d(row, o)). */
  private reachDensity(index: Int32Array, dist: Float64Array, count: number): number {
    if (count === 0) return 1 / REACH_EPSILON;
    let sum = 0;
    for (let t = 0; t < count; t++) sum += Math.max(this.kDistance[index[t]!]!, dist[t]!);
    return 1 / (sum / count + REACH_EPSILON);
  }

  /** Mean density of the neighbours over the row's own; 1 for a row without neighbours. */
  private factor(index: Int32Array, density: number, count: number): number {
    if (count === 0) return 1;
    let sum = 0;
    for (let t = 0; t < count; t++) sum += this.density[index[t]!]!;
    return sum / count / density;
  }
}

/** Registry entry of {@link Lof}. */
export const lofSpec: AlgorithmSpec = {
  name: 'lof',
  label: 'Local outlier factor',
  description: 'Density of a row relative to the density of its k nearest neighbours: finds local outliers.',
  family: 'proximity',
  parameters: PARAMETERS,
  scoreRange: '(0, ∞): about 1 inside clusters, above 1 for rows sparser than their neighbours',
  complexity:
    'as kNN: k-d tree up to 20 features, brute force O(n²·d) above (at most 50,000 training rows); ' +
    'O(n·k) memory while fitting',
  create: (params) => new Lof(params),
};

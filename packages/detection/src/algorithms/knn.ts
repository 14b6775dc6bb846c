import { BaseDetector } from './base';
import { CONTAMINATION, resolveParams, STANDARDIZE } from './params';
import { ReferenceSet, usableK } from './reference-set';
import type { AlgorithmSpec, Contamination, Matrix } from './types';

/** Options of {@link Knn}. */
export type KnnOptions = {
  k?: number;
  method?: 'mean' | 'max';
  standardize?: boolean;
  contamination?: Contamination;
};

const PARAMETERS = [
  { name: 'k', type: 'int', default: 5, min: 1, max: 1000, description: 'Neighbours per row.' },
  {
    name: 'method',
    type: 'enum',
    default: 'max',
    values: ['max', 'mean'],
    description:
      'Distance to the k-th neighbour (classic kNN, measured slightly better) or mean distance to all k.',
  },
  STANDARDIZE,
  CONTAMINATION,
] as const;

/**
 * k-nearest-neighbour distance (Ramaswamy et al. 2000: to the k-th neighbour; Angiulli &
 * Pizzuti 2002: mean over the k): rows far from their nearest training rows are outliers. A training row is not its
 * own neighbour, so rescoring the training rows gives the same scores as fitting (see
 * `nearestOthers`). Exact search: a k-d tree up to 20 features, brute force above, with at
 * most 50,000 training rows in that case. With k or fewer training rows, k is cut to n − 1
 * and the fit report says so. Missing values are replaced by the training medians.
 */
export class Knn extends BaseDetector {
  readonly name = 'knn';
  protected readonly missingHandling = 'median';
  private readonly k: number;
  /** k as the training rows allow it (see usableK). */
  private kUsed = 0;
  private readonly method: 'mean' | 'max';
  private readonly scaled: boolean;
  private ref: ReferenceSet | undefined;

  constructor(options: KnnOptions = {}) {
    const p = resolveParams('knn', PARAMETERS, options);
    super(p.contamination as Contamination, p);
    this.k = p.k as number;
    this.method = p.method as 'mean' | 'max';
    this.scaled = p.standardize as boolean;
  }

  protected fitModel(m: Matrix): Float64Array {
    this.kUsed = usableK(this.k, m.n, (a) => this.adjust(a));
    this.ref = new ReferenceSet(m, this.scaled);
    return this.rawScores(m);
  }

  protected rawScores(m: Matrix): Float64Array {
    const out = new Float64Array(m.n);
    this.ref!.neighboursOf(m, this.kUsed, (row, _index, dist, count) => {
      if (count === 0) return;
      if (this.method === 'max') {
        out[row] = dist[count - 1]!;
        return;
      }
      let sum = 0;
      for (let t = 0; t < count; t++) sum += dist[t]!;
      out[row] = sum / count;
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
}

/** Registry entry of {@link Knn}. */
export const knnSpec: AlgorithmSpec = {
  name: 'knn',
  label: 'k-nearest neighbours',
  description: 'Distance from each row to its k nearest training rows: isolated rows are anomalies.',
  family: 'proximity',
  parameters: PARAMETERS,
  scoreRange: '[0, ∞): Euclidean distance to the k-th nearest other row (or mean over k), standardised units',
  complexity:
    'k-d tree up to 20 features: about O(n·log n) fit and score on low-dimensional data; ' +
    'above 20 features brute force O(n²·d), refused beyond 50,000 training rows; O(n·d) memory',
  create: (params) => new Knn(params),
};

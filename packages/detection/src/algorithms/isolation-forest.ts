import { IsolationForest } from '../isolation-forest';
import { BaseDetector } from './base';
import { CONTAMINATION, resolveParams } from './params';
import type { AlgorithmSpec, Contamination, Matrix } from './types';

/** Options of {@link IsolationForestDetector}, named as the forest's own. */
export type IsolationForestDetectorOptions = {
  nEstimators?: number;
  maxSamples?: number | 'auto';
  maxFeatures?: number;
  bootstrap?: boolean;
  randomState?: number;
  contamination?: Contamination;
};

const PARAMETERS = [
  { name: 'nEstimators', type: 'int', default: 100, min: 1, max: 10_000, description: 'Number of trees.' },
  {
    name: 'maxSamples',
    type: 'int',
    default: 'auto',
    min: 2,
    max: 10_000_000,
    values: ['auto'],
    description: "Rows per tree; 'auto' = min(256, n).",
  },
  {
    name: 'maxFeatures',
    type: 'float',
    default: 1,
    min: 0,
    minExclusive: true,
    max: 1,
    description: 'Share of the features each tree may split on.',
  },
  { name: 'bootstrap', type: 'bool', default: false, description: 'Draw each tree’s rows with replacement.' },
  {
    name: 'randomState',
    type: 'int',
    default: 0,
    min: 0,
    max: 4_294_967_295,
    description: 'Seed: the same seed and rows give identical scores.',
  },
  CONTAMINATION,
] as const;

/**
 * The package's scikit-learn-faithful {@link IsolationForest} behind the common detector
 * interface. Raw scores are the forest's 2^(−E(h)/c(ψ)) in (0, 1]; thresholds come from
 * the shared score scale, not the forest's own 0.5 line, so 'auto' means the same here as
 * for every other algorithm. Missing values are replaced by the training medians once,
 * before the forest's typed arrays are built, so its scoring loops never test for them.
 */
export class IsolationForestDetector extends BaseDetector {
  readonly name = 'isolation-forest';
  protected readonly missingHandling = 'median';
  private readonly options: IsolationForestDetectorOptions;
  private forest: IsolationForest | undefined;

  constructor(options: IsolationForestDetectorOptions = {}) {
    const p = resolveParams('isolation-forest', PARAMETERS, options);
    super(p.contamination as Contamination, p);
    this.options = {
      nEstimators: p.nEstimators as number,
      maxSamples: p.maxSamples as number | 'auto',
      maxFeatures: p.maxFeatures as number,
      bootstrap: p.bootstrap as boolean,
      randomState: p.randomState as number,
    };
  }

  protected fitModel(m: Matrix): Float64Array {
    this.forest = new IsolationForest(this.options);
    return this.forest.fitScore(m);
  }

  protected rawScores(m: Matrix): Float64Array {
    return this.forest!.scoreSamples(m);
  }

  /**
   * Trees grown here (each sees at most maxSamples rows); the training rows, the costly part,
   * scored on worker threads. This forest's own contamination is 'auto', so `fit` only grows.
   */
  protected override async fitModelAsync(m: Matrix): Promise<Float64Array> {
    this.forest = new IsolationForest(this.options);
    this.forest.fit(m);
    return this.forest.scoreSamplesParallel(m);
  }

  protected override rawScoresAsync(m: Matrix): Promise<Float64Array> {
    return this.forest!.scoreSamplesParallel(m);
  }

  /** Path attribution: how much splits on each feature shortened the row's paths (see IsolationForest.pathAttribution). */
  protected explainRow(row: Float64Array): Float64Array {
    return this.forest!.pathAttribution({ data: row, n: 1, d: row.length });
  }

  protected modelJSON(): unknown {
    return this.forest!.toJSON();
  }
}

/** Registry entry of {@link IsolationForestDetector}. */
export const isolationForestSpec: AlgorithmSpec = {
  name: 'isolation-forest',
  label: 'Isolation forest',
  description:
    'Random trees isolate rows by splitting features at random: anomalies are isolated in fewer splits ' +
    '(Liu, Ting & Zhou 2008, as scikit-learn implements it).',
  family: 'isolation',
  parameters: PARAMETERS,
  scoreRange: '(0, 1]: 2^(−mean path length / c(maxSamples)); about 0.5 or less is ordinary',
  complexity: 'O(trees·ψ·log ψ) fit with ψ = maxSamples, O(n·trees·log ψ) score; independent of n to fit',
  create: (params) => new IsolationForestDetector(params),
};

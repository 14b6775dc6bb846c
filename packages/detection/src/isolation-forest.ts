import { ValidationError } from '../../core/src/errors';
import { addPathLengths, type PackedForest, packForest } from './forest/packed-forest';
import { addPathLengthsParallel } from './forest/parallel';
import { decodeForest, type EncodedForest, encodeForest } from './forest-codec';
import { checkMatrix, type Matrix, type MatrixInput } from './matrix';
import { averagePathLength } from './path-length';
import { buildForest, type ForestArrays } from './tree-builder';

/** Options of {@link IsolationForest}, named and defaulted as scikit-learn's. */
export interface IsolationForestOptions {
  /** Number of trees. @default 100 */
  nEstimators?: number;
  /** Rows per tree: 'auto' = min(256, n), or a count (capped at n). @default 'auto' */
  maxSamples?: 'auto' | number;
  /** Features per tree: a fraction in (0, 1], or a count when an integer above 1. @default 1.0 */
  maxFeatures?: number;
  /** Draw each tree's rows with replacement. @default false */
  bootstrap?: boolean;
  /**
   * Share of anomalies expected in the training data. 'auto' puts the threshold at score
   * 0.5 (sklearn's offset -0.5); a number in (0, 0.5] puts it at that upper quantile of
   * the training scores. @default 'auto'
   */
  contamination?: 'auto' | number;
  /** Seed of the PRNG: the same seed and data give bit-identical trees and scores. @default 0 */
  randomState?: number;
  /**
   * Relative chance of each feature being chosen at a split (strictly positive, one per
   * feature). Not in scikit-learn: it lets callers down-weight weak signals such as
   * identifier rarity. Uniform (sklearn's behaviour) when absent.
   */
  featureWeights?: ArrayLike<number>;
}

/** Serialised form produced by {@link IsolationForest.toJSON}. */
export interface IsolationForestJSON {
  format: 'pynomaly.isolation-forest';
  version: 1;
  options: Required<Omit<IsolationForestOptions, 'featureWeights'>> & { featureWeights?: number[] };
  nFeatures: number;
  maxSamples: number;
  threshold: number;
  trees: EncodedForest;
}

type Resolved = IsolationForestJSON['options'];

/**
 * Isolation forest (Liu, Ting & Zhou 2008) as scikit-learn implements it. Scores follow
 * the paper: s = 2^(-E(h) / c(maxSamples)) in (0, 1], higher is more anomalous (sklearn's
 * `score_samples` returns the negation).
 */
export class IsolationForest {
  private readonly opts: Resolved;
  private forest: ForestArrays | undefined;
  /** The same trees laid out for fast scoring, built whenever `forest` is set. */
  private packed: PackedForest | undefined;
  private nFeatures = 0;
  private samplesPerTree = 0;
  private offset = 0.5;

  constructor(options: IsolationForestOptions = {}) {
    this.opts = resolveOptions(options);
  }

  /** Grows a new forest on the rows (previous trees are discarded). */
  fit(input: MatrixInput): this {
    const m = this.grow(input);
    // As in sklearn, training rows are scored only when a quantile threshold needs them.
    if (this.opts.contamination !== 'auto')
      this.offset = upperQuantile(this.scoreSamples(m), this.opts.contamination);
    return this;
  }

  /** Fits on the rows and returns their scores, computed once for threshold and caller alike. */
  fitScore(input: MatrixInput): Float64Array {
    const scores = this.scoreSamples(this.grow(input));
    if (this.opts.contamination !== 'auto') this.offset = upperQuantile(scores, this.opts.contamination);
    return scores;
  }

  private grow(input: MatrixInput): Matrix {
    const m = checkMatrix(input);
    const o = this.opts;
    if (o.featureWeights && o.featureWeights.length !== m.d) {
      throw new ValidationError(`featureWeights has ${o.featureWeights.length} entries for ${m.d} features`, [
        { field: 'featureWeights', message: `expected ${m.d} weights` },
      ]);
    }
    const maxSamples = o.maxSamples === 'auto' ? Math.min(256, m.n) : Math.min(o.maxSamples, m.n);
    const maxFeatures = o.maxFeatures > 1 ? o.maxFeatures : Math.max(1, Math.floor(o.maxFeatures * m.d));
    if (maxFeatures > m.d) {
      throw new ValidationError(`maxFeatures ${maxFeatures} exceeds the ${m.d} features`, [
        { field: 'maxFeatures', message: `at most ${m.d}` },
      ]);
    }
    this.forest = buildForest(m, {
      nEstimators: o.nEstimators,
      maxSamples,
      maxFeatures,
      bootstrap: o.bootstrap,
      seed: o.randomState,
      featureWeights: o.featureWeights ? Float64Array.from(o.featureWeights) : undefined,
    });
    this.packed = packForest(this.forest);
    this.nFeatures = m.d;
    this.samplesPerTree = maxSamples;
    this.offset = 0.5;
    return m;
  }

  /** Anomaly score per row in (0, 1]; around 0.5 or below is ordinary, near 1 is isolated at once. */
  scoreSamples(input: MatrixInput): Float64Array {
    const packed = this.fittedPacked();
    const { data, n, d } = checkMatrix(input, this.nFeatures);
    const out = new Float64Array(n);
    addPathLengths(packed, data, n, d, out);
    return this.pathsToScores(out);
  }

  /**
   * {@link scoreSamples} on worker threads, the same scores bit for bit: `threads` workers
   * (0: this thread), by default what the machine has and the rows are worth (forest/parallel.ts).
   */
  async scoreSamplesParallel(input: MatrixInput, threads?: number): Promise<Float64Array> {
    const packed = this.fittedPacked();
    const { data, n, d } = checkMatrix(input, this.nFeatures);
    const out = new Float64Array(n);
    await addPathLengthsParallel(packed, data, n, d, out, threads);
    return this.pathsToScores(out);
  }

  /** Summed path lengths → scores, in place. */
  private pathsToScores(out: Float64Array): Float64Array {
    const norm = this.fittedPacked().roots.length * averagePathLength(this.samplesPerTree);
    // sklearn's convention when c(maxSamples) = 0 (a single training row): every score 0.5.
    for (let i = 0; i < out.length; i++) out[i] = norm === 0 ? 0.5 : 2 ** (-out[i]! / norm);
    return out;
  }

  /** 1 where the score is above {@link threshold} (anomaly), 0 elsewhere. */
  predict(input: MatrixInput): Uint8Array {
    const scores = this.scoreSamples(input);
    const out = new Uint8Array(scores.length);
    for (let i = 0; i < scores.length; i++) out[i] = scores[i]! > this.offset ? 1 : 0;
    return out;
  }

  /** Score above which a row is an anomaly: 0.5 for contamination 'auto', else a training quantile. */
  get threshold(): number {
    this.fitted();
    return this.offset;
  }

  /** Rows each tree was grown from (the resolved `maxSamples`). */
  get maxSamples(): number {
    this.fitted();
    return this.samplesPerTree;
  }

  /**
   * Depth-based global importance per feature, summing to 1: each split counts with the
   * share of its tree's rows that reach it, so splits near the root, which shape every
   * path, outweigh deep ones that only finish isolating a few rows.
   */
  featureImportances(): Float64Array {
    const { roots, feature, nodeSize } = this.fitted();
    const out = new Float64Array(this.nFeatures);
    for (let t = 0; t < roots.length; t++) {
      const root = roots[t]!;
      const end = t + 1 < roots.length ? roots[t + 1]! : feature.length;
      for (let k = root; k < end; k++) {
        const f = feature[k]!;
        if (f >= 0) out[f] = out[f]! + nodeSize[k]! / nodeSize[root]!;
      }
    }
    const sum = out.reduce((a, b) => a + b, 0);
    if (sum > 0) for (let j = 0; j < out.length; j++) out[j] = out[j]! / sum;
    return out;
  }

  /**
   * Per-row, per-feature path attribution (row-major n × d), summed over trees: at each
   * split on a row's path, the feature is credited c(parent size) - 1 - c(child size),
   * how much the step shortened the expected remaining path. Per tree these telescope to
   * c(root size) - h(x), so a feature's total is its part in isolating the row early;
   * negative values mean splits on it kept the row with the crowd.
   */
  pathAttribution(input: MatrixInput): Float64Array {
    const { roots, feature, threshold, left, right, correction } = this.fitted();
    const { data, n, d } = checkMatrix(input, this.nFeatures);
    const out = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const base = i * d;
      for (let t = 0; t < roots.length; t++) {
        let node = roots[t]!;
        let feat = feature[node]!;
        while (feat >= 0) {
          const next = data[base + feat]! <= threshold[node]! ? left[node]! : right[node]!;
          out[base + feat] = out[base + feat]! + correction[node]! - 1 - correction[next]!;
          node = next;
          feat = feature[node]!;
        }
      }
    }
    return out;
  }

  /** Compact JSON form (typed arrays as base64); {@link fromJSON} restores bit-identical scores. */
  toJSON(): IsolationForestJSON {
    const forest = this.fitted();
    return {
      format: 'pynomaly.isolation-forest',
      version: 1,
      options: { ...this.opts },
      nFeatures: this.nFeatures,
      maxSamples: this.samplesPerTree,
      threshold: this.offset,
      trees: encodeForest(forest),
    };
  }

  /** Restores a model written by {@link toJSON}; malformed input raises a ValidationError. */
  static fromJSON(json: unknown): IsolationForest {
    const j = json as Partial<IsolationForestJSON> | null;
    if (j?.format !== 'pynomaly.isolation-forest' || j.version !== 1 || !j.options || !j.trees) {
      throw new ValidationError('not a pynomaly isolation forest model', [
        { field: 'format', message: 'expected format pynomaly.isolation-forest, version 1' },
      ]);
    }
    const { nFeatures, maxSamples, threshold } = j;
    if (!isPositiveInt(nFeatures) || !isPositiveInt(maxSamples) || typeof threshold !== 'number') {
      throw new ValidationError('invalid isolation forest model header', [
        { field: 'nFeatures', message: 'nFeatures, maxSamples and threshold are required' },
      ]);
    }
    const model = new IsolationForest(j.options);
    model.forest = decodeForest(j.trees, nFeatures);
    model.packed = packForest(model.forest);
    model.nFeatures = nFeatures;
    model.samplesPerTree = maxSamples;
    model.offset = threshold;
    return model;
  }

  private fitted(): ForestArrays {
    if (!this.forest) throw notFitted();
    return this.forest;
  }

  private fittedPacked(): PackedForest {
    if (!this.packed) throw notFitted();
    return this.packed;
  }
}

function notFitted(): ValidationError {
  return new ValidationError('the isolation forest is not fitted', [
    { field: 'model', message: 'call fit() first' },
  ]);
}

function resolveOptions(o: IsolationForestOptions): Resolved {
  const issues: Array<{ field: string; message: string }> = [];
  const nEstimators = o.nEstimators ?? 100;
  const maxSamples = o.maxSamples ?? 'auto';
  const maxFeatures = o.maxFeatures ?? 1;
  const contamination = o.contamination ?? 'auto';
  const randomState = o.randomState ?? 0;
  if (!isPositiveInt(nEstimators)) issues.push({ field: 'nEstimators', message: 'a positive integer' });
  if (maxSamples !== 'auto' && !isPositiveInt(maxSamples)) {
    issues.push({ field: 'maxSamples', message: "'auto' or a positive integer" });
  }
  if (!(maxFeatures > 0 && (maxFeatures <= 1 || Number.isInteger(maxFeatures)))) {
    issues.push({ field: 'maxFeatures', message: 'a fraction in (0, 1] or an integer count' });
  }
  if (contamination !== 'auto' && !(contamination > 0 && contamination <= 0.5)) {
    issues.push({ field: 'contamination', message: "'auto' or a number in (0, 0.5]" });
  }
  if (!Number.isFinite(randomState)) issues.push({ field: 'randomState', message: 'a finite number' });
  const weights = o.featureWeights ? Array.from(o.featureWeights) : undefined;
  if (weights?.some((w) => !(w > 0 && Number.isFinite(w)))) {
    issues.push({ field: 'featureWeights', message: 'finite numbers above 0' });
  }
  if (issues.length > 0) throw new ValidationError('invalid isolation forest options', issues);
  const resolved: Resolved = {
    nEstimators,
    maxSamples,
    maxFeatures,
    bootstrap: o.bootstrap ?? false,
    contamination,
    randomState,
  };
  if (weights) resolved.featureWeights = weights;
  return resolved;
}

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

/** numpy's default (linear) percentile at 1 - c, i.e. -percentile(-scores, 100 c) as sklearn does. */
function upperQuantile(scores: Float64Array, c: number): number {
  const sorted = Float64Array.from(scores).sort();
  const pos = (sorted.length - 1) * (1 - c);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

import type { Matrix } from './matrix';
import { averagePathLength } from './path-length';
import { Random } from './random';

/**
 * All trees of a forest in flat typed arrays, nodes in pre-order per tree. A leaf has
 * `feature === -1`; a split sends a row left when `x[feature] <= threshold`.
 * `correction[k]` is c(nodeSize[k]): at leaves it is the path-length correction for the
 * samples the leaf still holds, at splits it is the expected remaining depth that path
 * attribution compares against.
 */
export interface ForestArrays {
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  nodeSize: Int32Array;
  correction: Float64Array;
}

/** Resolved fitting parameters (counts, not fractions). */
export interface BuildParams {
  nEstimators: number;
  maxSamples: number;
  maxFeatures: number;
  bootstrap: boolean;
  seed: number;
  /** Relative (strictly positive) chance of each feature being drawn at a split; uniform when absent. */
  featureWeights?: Float64Array | undefined;
}

/** scikit-learn's tolerance below which a feature counts as constant within a node. */
const FEATURE_THRESHOLD = 1e-7;

/**
 * Grows `nEstimators` isolation trees the way scikit-learn's IsolationForest does: each
 * tree sees `maxSamples` rows drawn without replacement (distinct rows of a bootstrap
 * draw when `bootstrap`, as sklearn's zero-weight masking amounts to), and optionally a
 * random subset of `maxFeatures` features; each node splits on a random feature that is
 * not constant within the node at a threshold uniform in [min, max), up to depth
 * ceil(log2(maxSamples)).
 */
export function buildForest(m: Matrix, p: BuildParams): ForestArrays {
  const { data, n, d } = m;
  const rng = new Random(p.seed);
  const maxDepth = Math.ceil(Math.log2(Math.max(p.maxSamples, 2)));
  const nodes = new NodeBuffer(p.nEstimators * Math.min(2 * p.maxSamples, 1024));
  const roots = new Int32Array(p.nEstimators);
  const rowPool = identity(n);
  const featurePool = identity(d);
  const candidates = new Int32Array(d);
  const weights = p.featureWeights;
  let features = featurePool;

  const chooseCandidate = (remaining: number): number => {
    if (!weights) return rng.nextInt(remaining);
    let total = 0;
    for (let k = 0; k < remaining; k++) total += weights[candidates[k]!]!;
    let u = rng.nextFloat() * total;
    for (let k = 0; k < remaining - 1; k++) {
      u -= weights[candidates[k]!]!;
      if (u < 0) return k;
    }
    return remaining - 1;
  };

  const grow = (idx: Int32Array, start: number, end: number, depth: number): number => {
    const node = nodes.add(end - start);
    if (depth >= maxDepth || end - start < 2) return node;
    candidates.set(features);
    let remaining = features.length;
    while (remaining > 0) {
      const pick = chooseCandidate(remaining);
      const f = candidates[pick]!;
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (let k = start; k < end; k++) {
        const v = data[idx[k]! * d + f]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi <= lo + FEATURE_THRESHOLD) {
        candidates[pick] = candidates[remaining - 1]!;
        remaining--;
        continue;
      }
      let thr = lo + rng.nextFloat() * (hi - lo);
      // Rounding can land on max, which would leave the right child empty.
      if (thr >= hi) thr = lo;
      let i = start;
      let j = end - 1;
      while (i <= j) {
        if (data[idx[i]! * d + f]! <= thr) {
          i++;
        } else {
          const tmp = idx[i]!;
          idx[i] = idx[j]!;
          idx[j] = tmp;
          j--;
        }
      }
      const leftChild = grow(idx, start, i, depth + 1);
      const rightChild = grow(idx, i, end, depth + 1);
      nodes.setSplit(node, f, thr, leftChild, rightChild);
      return node;
    }
    return node;
  };

  for (let t = 0; t < p.nEstimators; t++) {
    if (p.maxFeatures < d) {
      partialShuffle(featurePool, p.maxFeatures, rng);
      features = featurePool.slice(0, p.maxFeatures);
    }
    const sample = p.bootstrap
      ? distinctBootstrap(n, p.maxSamples, rng)
      : partialShuffle(rowPool, p.maxSamples, rng).slice(0, p.maxSamples);
    roots[t] = grow(sample, 0, sample.length, 0);
  }
  return nodes.finish(roots);
}

function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/** Moves a uniform random k-subset to the front; any prior order of `a` is as good as sorted. */
function partialShuffle(a: Int32Array, k: number, rng: Random): Int32Array {
  if (k >= a.length) return a;
  for (let i = 0; i < k; i++) {
    const j = i + rng.nextInt(a.length - i);
    const tmp = a[i]!;
    a[i] = a[j]!;
    a[j] = tmp;
  }
  return a;
}

function distinctBootstrap(n: number, k: number, rng: Random): Int32Array {
  const draws = new Int32Array(k);
  for (let i = 0; i < k; i++) draws[i] = rng.nextInt(n);
  draws.sort();
  let u = 0;
  for (let i = 0; i < k; i++) if (i === 0 || draws[i] !== draws[u - 1]) draws[u++] = draws[i]!;
  return draws.slice(0, u);
}

/** Growable node storage, so forests of any sample size fit without a worst-case preallocation. */
class NodeBuffer {
  private feature: Int32Array;
  private threshold: Float64Array;
  private left: Int32Array;
  private right: Int32Array;
  private size: Int32Array;
  private count = 0;

  constructor(capacity: number) {
    this.feature = new Int32Array(capacity);
    this.threshold = new Float64Array(capacity);
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.size = new Int32Array(capacity);
  }

  add(size: number): number {
    if (this.count === this.feature.length) this.grow();
    const k = this.count++;
    this.feature[k] = -1;
    this.left[k] = -1;
    this.right[k] = -1;
    this.size[k] = size;
    return k;
  }

  setSplit(node: number, feature: number, threshold: number, left: number, right: number): void {
    this.feature[node] = feature;
    this.threshold[node] = threshold;
    this.left[node] = left;
    this.right[node] = right;
  }

  finish(roots: Int32Array): ForestArrays {
    const k = this.count;
    const nodeSize = this.size.slice(0, k);
    return {
      roots,
      feature: this.feature.slice(0, k),
      threshold: this.threshold.slice(0, k),
      left: this.left.slice(0, k),
      right: this.right.slice(0, k),
      nodeSize,
      correction: corrections(nodeSize),
    };
  }

  private grow(): void {
    const cap = this.feature.length * 2;
    const widenInt = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.feature = widenInt(this.feature);
    this.left = widenInt(this.left);
    this.right = widenInt(this.right);
    this.size = widenInt(this.size);
    const thr = new Float64Array(cap);
    thr.set(this.threshold);
    this.threshold = thr;
  }
}

/** c(size) per node; shared with deserialisation so loaded models score bit-identically. */
export function corrections(nodeSize: Int32Array): Float64Array {
  const out = new Float64Array(nodeSize.length);
  for (let k = 0; k < nodeSize.length; k++) out[k] = averagePathLength(nodeSize[k]!);
  return out;
}

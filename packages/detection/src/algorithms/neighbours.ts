import { ValidationError } from '../../../core/src/errors';

/** Above this many features a k-d tree prunes almost nothing, so the search is brute force. */
export const KD_TREE_MAX_FEATURES = 20;

/**
 * Largest reference set searched by brute force: scoring the training rows costs n² distance
 * evaluations (2.5·10⁹ at this size, tens of seconds), so larger sets are refused.
 */
export const MAX_BRUTE_FORCE_ROWS = 50_000;

/** Rows per k-d tree leaf: below this, scanning beats descending further. */
const LEAF_SIZE = 16;

/** k nearest reference rows of a point. */
export interface NeighbourSearch {
  /**
   * Writes the `k` reference rows nearest to `point` (fewer if there are fewer rows) into
   * `index` and their squared Euclidean distances into `dist2`, nearest first; returns
   * how many were written. Both arrays must hold at least `k` entries.
   */
  search(point: Float64Array, k: number, index: Int32Array, dist2: Float64Array): number;
}

/**
 * Exact nearest-neighbour search over n row-major reference points of d features: a k-d
 * tree for d ≤ {@link KD_TREE_MAX_FEATURES}, else brute force, refused (ValidationError)
 * above {@link MAX_BRUTE_FORCE_ROWS} reference rows.
 */
export function neighbourSearch(points: Float64Array, n: number, d: number): NeighbourSearch {
  if (d <= KD_TREE_MAX_FEATURES) return new KdTree(points, n, d);
  if (n > MAX_BRUTE_FORCE_ROWS) {
    throw new ValidationError(
      `${n} rows of ${d} features are too many for an exact neighbour search (at most ${MAX_BRUTE_FORCE_ROWS} above ${KD_TREE_MAX_FEATURES} features)`,
      [
        {
          field: 'data',
          message: `at most ${MAX_BRUTE_FORCE_ROWS} rows when there are over ${KD_TREE_MAX_FEATURES} features`,
        },
      ],
    );
  }
  return new BruteForce(points, n, d);
}

/**
 * The k reference rows nearest to `point` other than the point itself: one reference row at
 * distance 0 is taken to be the point and skipped. Rescoring a training row thus gives its
 * leave-one-out score, as in fitting, and a new row equal to a training row scores as that
 * row; exact duplicates beyond the first still count as neighbours. Writes Euclidean
 * (not squared) distances; returns how many neighbours were found (0 for a lone row).
 */
export function nearestOthers(
  s: NeighbourSearch,
  point: Float64Array,
  k: number,
  index: Int32Array,
  dist: Float64Array,
): number {
  const found = s.search(point, k + 1, index, dist);
  const skip = found > 0 && dist[0] === 0 ? 1 : 0;
  const count = Math.min(k, found - skip);
  for (let t = 0; t < count; t++) {
    index[t] = index[t + skip]!;
    dist[t] = Math.sqrt(dist[t + skip]!);
  }
  return count;
}

class BruteForce implements NeighbourSearch {
  constructor(
    private readonly points: Float64Array,
    private readonly n: number,
    private readonly d: number,
  ) {}

  search(point: Float64Array, k: number, index: Int32Array, dist2: Float64Array): number {
    const { points, n, d } = this;
    let size = 0;
    for (let r = 0; r < n; r++) {
      // Stop summing once the row is already farther than the k-th best.
      const worst = size === k ? dist2[0]! : Number.POSITIVE_INFINITY;
      let dd = 0;
      for (let j = 0; j < d && dd < worst; j++) {
        const diff = point[j]! - points[r * d + j]!;
        dd += diff * diff;
      }
      if (dd < worst) size = heapOffer(dist2, index, size, k, dd, r);
    }
    return heapSortAscending(dist2, index, size);
  }
}

/**
 * k-d tree over a reordered copy of the points (leaves contiguous in memory), median splits
 * on the widest side of each node's tight bounding box, and a best-first descent that skips
 * every node whose box is farther than the current k-th neighbour.
 */
class KdTree implements NeighbourSearch {
  private readonly pts: Float64Array;
  private readonly order: Int32Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  private nodes = 0;
  private readonly stackNode: Int32Array;
  private readonly stackBound: Float64Array;

  constructor(
    points: Float64Array,
    n: number,
    private readonly d: number,
  ) {
    this.order = Int32Array.from({ length: n }, (_, i) => i);
    // Median splits leave at least LEAF_SIZE / 2 rows per leaf, so 4n / LEAF_SIZE nodes suffice.
    const capacity = Math.max(1, Math.ceil((4 * n) / LEAF_SIZE));
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.left = new Int32Array(capacity).fill(-1);
    this.right = new Int32Array(capacity).fill(-1);
    this.lo = new Float64Array(capacity * d);
    this.hi = new Float64Array(capacity * d);
    const height = this.build(points, 0, n);
    this.pts = new Float64Array(n * d);
    for (let r = 0; r < n; r++)
      this.pts.set(points.subarray(this.order[r]! * d, this.order[r]! * d + d), r * d);
    // Each level of the descent pops one node and pushes two, so height + 1 slots suffice.
    this.stackNode = new Int32Array(height + 1);
    this.stackBound = new Float64Array(height + 1);
  }

  search(point: Float64Array, k: number, index: Int32Array, dist2: Float64Array): number {
    const { d, pts, order, start, end, left, right, stackNode, stackBound } = this;
    let size = 0;
    let top = 0;
    stackNode[top] = 0;
    stackBound[top++] = 0;
    while (top > 0) {
      const node = stackNode[--top]!;
      if (size === k && stackBound[top]! >= dist2[0]!) continue;
      const l = left[node]!;
      if (l < 0) {
        for (let r = start[node]!; r < end[node]!; r++) {
          // Stop summing once the row is already farther than the k-th best.
          const worst = size === k ? dist2[0]! : Number.POSITIVE_INFINITY;
          let dd = 0;
          for (let j = 0; j < d && dd < worst; j++) {
            const diff = point[j]! - pts[r * d + j]!;
            dd += diff * diff;
          }
          if (dd < worst) size = heapOffer(dist2, index, size, k, dd, order[r]!);
        }
        continue;
      }
      const r = right[node]!;
      const bl = this.boxDistance(l, point);
      const br = this.boxDistance(r, point);
      // Push the farther child first so the nearer one is searched first and tightens the bound.
      const leftFirst = bl <= br;
      stackNode[top] = leftFirst ? r : l;
      stackBound[top++] = leftFirst ? br : bl;
      stackNode[top] = leftFirst ? l : r;
      stackBound[top++] = leftFirst ? bl : br;
    }
    return heapSortAscending(dist2, index, size);
  }

  /** Builds the subtree of rows order[from..to) and returns its height in levels. */
  private build(points: Float64Array, from: number, to: number): number {
    const { d, lo, hi, order } = this;
    const node = this.nodes++;
    this.start[node] = from;
    this.end[node] = to;
    const base = node * d;
    lo.fill(Number.POSITIVE_INFINITY, base, base + d);
    hi.fill(Number.NEGATIVE_INFINITY, base, base + d);
    for (let r = from; r < to; r++) {
      const p = order[r]! * d;
      for (let j = 0; j < d; j++) {
        const v = points[p + j]!;
        if (v < lo[base + j]!) lo[base + j] = v;
        if (v > hi[base + j]!) hi[base + j] = v;
      }
    }
    let dim = 0;
    for (let j = 1; j < d; j++)
      if (hi[base + j]! - lo[base + j]! > hi[base + dim]! - lo[base + dim]!) dim = j;
    // A node of identical points cannot be split usefully; it stays one (possibly large) leaf.
    if (to - from <= LEAF_SIZE || hi[base + dim] === lo[base + dim]) return 1;
    const mid = (from + to) >>> 1;
    selectNth(points, d, order, from, to, mid, dim);
    this.left[node] = this.nodes;
    const hl = this.build(points, from, mid);
    this.right[node] = this.nodes;
    const hr = this.build(points, mid, to);
    return 1 + Math.max(hl, hr);
  }

  private boxDistance(node: number, point: Float64Array): number {
    const { d, lo, hi } = this;
    const base = node * d;
    let dd = 0;
    for (let j = 0; j < d; j++) {
      const v = point[j]!;
      const below = lo[base + j]! - v;
      const above = v - hi[base + j]!;
      if (below > 0) dd += below * below;
      else if (above > 0) dd += above * above;
    }
    return dd;
  }
}

/** Reorders order[from..to) so that position nth holds the row of rank nth on feature dim (Hoare quickselect). */
function selectNth(
  points: Float64Array,
  d: number,
  order: Int32Array,
  from: number,
  to: number,
  nth: number,
  dim: number,
): void {
  let lo = from;
  let hi = to - 1;
  const key = (r: number) => points[order[r]! * d + dim]!;
  while (hi > lo) {
    const pivot = key((lo + hi) >>> 1);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (key(i) < pivot) i++;
      while (key(j) > pivot) j--;
      if (i <= j) {
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
        i++;
        j--;
      }
    }
    if (nth <= j) hi = j;
    else if (nth >= i) lo = i;
    else return;
  }
}

/** Offers (dd, row) to a max-heap of at most k entries keyed on dd; returns the new size. */
function heapOffer(
  keys: Float64Array,
  rows: Int32Array,
  size: number,
  k: number,
  dd: number,
  row: number,
): number {
  if (size < k) {
    let c = size;
    while (c > 0) {
      const p = (c - 1) >>> 1;
      if (keys[p]! >= dd) break;
      keys[c] = keys[p]!;
      rows[c] = rows[p]!;
      c = p;
    }
    keys[c] = dd;
    rows[c] = row;
    return size + 1;
  }
  if (dd >= keys[0]!) return size;
  siftDown(keys, rows, size, dd, row);
  return size;
}

/** Puts (dd, row) at the root of a max-heap of `size` entries and sifts it down. */
function siftDown(keys: Float64Array, rows: Int32Array, size: number, dd: number, row: number): void {
  let p = 0;
  for (;;) {
    let c = 2 * p + 1;
    if (c >= size) break;
    if (c + 1 < size && keys[c + 1]! > keys[c]!) c++;
    if (keys[c]! <= dd) break;
    keys[p] = keys[c]!;
    rows[p] = rows[c]!;
    p = c;
  }
  keys[p] = dd;
  rows[p] = row;
}

/** Heap-sorts the max-heap in place into ascending order of key; returns its size. */
function heapSortAscending(keys: Float64Array, rows: Int32Array, size: number): number {
  for (let last = size - 1; last > 0; last--) {
    const dd = keys[last]!;
    const row = rows[last]!;
    keys[last] = keys[0]!;
    rows[last] = rows[0]!;
    siftDown(keys, rows, last, dd, row);
  }
  return size;
}

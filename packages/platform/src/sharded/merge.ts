/**
 * What shards of a detection report and how they add up: a histogram of normalized scores
 * (from which the merge takes the threshold every row is judged by) and each shard's highest
 * scored rows (from which it keeps the overall top k).
 */

/**
 * Bins of the score histogram over [0, 1]. A power of two, so that a score's bin is exact:
 * floor(s · 2^14) ≥ b exactly when s ≥ b / 2^14 (multiplying by a power of two never rounds),
 * and "in bin b or above" is the same as "at least the threshold b / 2^14". 2^14 bins put
 * thresholds on a grid of 6.1e-5 and cost 16,384 counts per shard summary.
 */
export const HISTOGRAM_BINS = 2 ** 14;

/** The bin of a normalized score (scores are in [0, 1]; 1 shares the top bin). */
export const binOf = (score: number): number =>
  Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor(score * HISTOGRAM_BINS)));

/** Counts of scores by bin. */
export function histogram(scores: ArrayLike<number>): number[] {
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (let i = 0; i < scores.length; i++) counts[binOf(scores[i]!)]!++;
  return counts;
}

/** Sums shard histograms into the dataset's. */
export function mergeHistograms(parts: Iterable<readonly number[]>): number[] {
  const total = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (const part of parts) {
    if (part.length !== HISTOGRAM_BINS)
      throw new RangeError(`a histogram has ${HISTOGRAM_BINS} bins, not ${part.length}`);
    for (let b = 0; b < HISTOGRAM_BINS; b++) total[b]! += part[b]!;
  }
  return total;
}

/**
 * The score at quantile q of a histogram, interpolated linearly within its bin (scores taken
 * as spread evenly over it): within one bin width (6.1e-5) of the exact quantile.
 */
export function histogramQuantile(counts: readonly number[], q: number): number {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return Number.NaN;
  // The rank numpy's linear quantile interpolates at, as contaminationThreshold does.
  const rank = q * (n - 1);
  let below = 0;
  for (let b = 0; b < counts.length; b++) {
    const c = counts[b]!;
    if (c > 0 && below + c > rank) return (b + (rank - below + 0.5) / c) / HISTOGRAM_BINS;
    below += c;
  }
  return 1;
}

/**
 * The threshold of the merged scores, on the bin grid, and how many rows are at or above it.
 * For contamination 'auto' the Tukey fence Q3 + 1.5·IQR of every row's score (capped at 1,
 * which flags nothing), moved up to the next grid point; for a share c the grid point whose
 * count at or above it is nearest c·n. A single-function detection judges `score > threshold`
 * on exact scores of its own quantiles; the difference is at most the rows of one bin.
 */
export function histogramThreshold(
  counts: readonly number[],
  contamination: 'auto' | number,
): { threshold: number; flagged: number } {
  const n = counts.reduce((a, b) => a + b, 0);
  /** Rows in bin b or above, by b (one more entry: 0 above the top). */
  const atOrAbove = new Array<number>(counts.length + 1).fill(0);
  for (let b = counts.length - 1; b >= 0; b--) atOrAbove[b] = atOrAbove[b + 1]! + counts[b]!;
  if (contamination === 'auto') {
    const q1 = histogramQuantile(counts, 0.25);
    const q3 = histogramQuantile(counts, 0.75);
    const fence = Math.min(1, q3 + 1.5 * (q3 - q1));
    // At the cap nothing is flagged, as a single-function detection's `score > 1` flags nothing.
    if (!(fence < 1)) return { threshold: 1, flagged: 0 };
    // Strictly above the fence, as `score > fence`: the first grid point past it.
    const bin = Math.floor(fence * HISTOGRAM_BINS) + 1;
    return { threshold: bin / HISTOGRAM_BINS, flagged: atOrAbove[bin] ?? 0 };
  }
  const wanted = contamination * n;
  let bin = counts.length - 1;
  while (bin > 0 && atOrAbove[bin]! < wanted) bin--;
  // bin has at least c·n at or above it, bin + 1 fewer: the nearer of the two.
  if (bin + 1 < counts.length && wanted - atOrAbove[bin + 1]! < atOrAbove[bin]! - wanted) bin++;
  return { threshold: bin / HISTOGRAM_BINS, flagged: atOrAbove[bin]! };
}

/** One of a shard's highest scored rows, at its position in the dataset. */
export interface Candidate {
  index: number;
  score: number;
  /** The row as stored, so the merge can show it without reading its shard again. */
  cells: unknown[];
}

/** Higher score first, then the earlier row, as a single-function detection orders anomalies. */
export const byScore = (a: { score: number; index: number }, b: { score: number; index: number }) =>
  b.score - a.score || a.index - b.index;

/**
 * Positions (into `scores`) of the k highest scores, highest first: the histogram finds the bin
 * the k-th falls in, so only the rows at or above it are sorted, never the whole shard.
 */
export function topPositions(scores: ArrayLike<number>, counts: readonly number[], k: number): number[] {
  let bin = counts.length - 1;
  let above = counts[bin] ?? 0;
  while (bin > 0 && above < k) above += counts[--bin]!;
  const positions: number[] = [];
  for (let i = 0; i < scores.length; i++) if (binOf(scores[i]!) >= bin) positions.push(i);
  return positions.sort((a, b) => scores[b]! - scores[a]! || a - b).slice(0, k);
}

/** The k best of every shard's candidates (each list already its shard's best). */
export function mergeTop(lists: Iterable<readonly Candidate[]>, k: number): Candidate[] {
  let kept: Candidate[] = [];
  for (const list of lists) {
    kept = kept.concat(list).sort(byScore);
    if (kept.length > k) kept.length = k;
  }
  return kept;
}

import { describe, expect, it } from 'vitest';
import {
  binOf,
  type Candidate,
  HISTOGRAM_BINS,
  histogram,
  histogramQuantile,
  histogramThreshold,
  mergeHistograms,
  mergeTop,
  topPositions,
} from './merge';

/** numpy's linear-interpolation quantile of sorted values, as the detectors' thresholds take it. */
function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Deterministic scores in [0, 1): a skewed bulk and a few high ones, like an isolation forest's. */
function scores(n: number, seed: number): Float64Array {
  let s = seed;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  return Float64Array.from({ length: n }, (_, i) =>
    i % 97 === 0 ? 0.7 + 0.3 * next() : 0.2 + 0.2 * next() ** 2,
  );
}

describe('the score histogram', () => {
  it('puts a score at a grid point in that point’s bin, and 1 in the top bin', () => {
    expect(binOf(0)).toBe(0);
    expect(binOf(5 / HISTOGRAM_BINS)).toBe(5);
    expect(binOf(5 / HISTOGRAM_BINS - 1e-12)).toBe(4);
    expect(binOf(1)).toBe(HISTOGRAM_BINS - 1);
  });

  it('adds up shard by shard to the histogram of all the scores', () => {
    const all = scores(30_000, 1);
    const parts = [all.subarray(0, 10_000), all.subarray(10_000, 25_000), all.subarray(25_000)];
    expect(mergeHistograms(parts.map((p) => histogram(p)))).toEqual(histogram(all));
    expect(() => mergeHistograms([[1, 2]])).toThrow(RangeError);
  });

  it('gives quantiles within a bin of the exact ones', () => {
    const all = scores(50_000, 2);
    const sorted = Float64Array.from(all).sort();
    const counts = histogram(all);
    for (const q of [0.1, 0.25, 0.5, 0.75, 0.9, 0.99])
      expect(Math.abs(histogramQuantile(counts, q) - quantile(sorted, q))).toBeLessThan(1 / HISTOGRAM_BINS);
    expect(histogramQuantile(new Array(HISTOGRAM_BINS).fill(0), 0.5)).toBeNaN();
  });
});

describe('the merged threshold', () => {
  const all = scores(100_000, 3);
  const sorted = Float64Array.from(all).sort();
  const counts = histogram(all);
  const above = (t: number, strict: boolean) => all.filter((s) => (strict ? s > t : s >= t)).length;

  it("for 'auto' is the Tukey fence of every score, flagging what a single detection flags within a bin", () => {
    const q1 = quantile(sorted, 0.25);
    const q3 = quantile(sorted, 0.75);
    const fence = q3 + 1.5 * (q3 - q1);
    const { threshold, flagged } = histogramThreshold(counts, 'auto');
    expect(threshold).toBeGreaterThan(fence);
    expect(threshold - fence).toBeLessThan(3 / HISTOGRAM_BINS);
    expect(flagged).toBe(above(threshold, false));
    const binAtFence = all.filter((s) => binOf(s) === binOf(fence)).length;
    expect(Math.abs(flagged - above(fence, true))).toBeLessThanOrEqual(binAtFence + 1);
  });

  it('for a share c flags about c of the rows, the count exact for its threshold', () => {
    for (const c of [0.01, 0.05, 0.1, 0.3]) {
      const { threshold, flagged } = histogramThreshold(counts, c);
      expect(flagged).toBe(above(threshold, false));
      const single = above(quantile(sorted, 1 - c), true);
      const binAtQuantile = all.filter((s) => binOf(s) === binOf(quantile(sorted, 1 - c))).length;
      expect(Math.abs(flagged - single)).toBeLessThanOrEqual(binAtQuantile);
    }
  });

  it("flags nothing when the fence reaches 1, as 'score > 1' flags nothing", () => {
    const flat = new Array<number>(HISTOGRAM_BINS).fill(0);
    flat[0] = 10;
    flat[HISTOGRAM_BINS - 1] = 10;
    expect(histogramThreshold(flat, 'auto')).toEqual({ threshold: 1, flagged: 0 });
  });
});

describe('the top k', () => {
  it('finds a shard’s k highest scores, highest first, ties to the earlier row', () => {
    const all = scores(20_000, 4);
    all[10] = 0.99;
    all[11] = 0.99;
    const top = topPositions(all, histogram(all), 50);
    const expected = Array.from(all.keys())
      .sort((a, b) => all[b]! - all[a]! || a - b)
      .slice(0, 50);
    expect(top).toEqual(expected);
    expect(top.indexOf(10)).toBeLessThan(top.indexOf(11));
    expect(topPositions(all.subarray(0, 3), histogram(all.subarray(0, 3)), 10)).toHaveLength(3);
  });

  it('merges shards’ lists into the overall best k', () => {
    const all = scores(9_000, 5);
    const shard = (from: number, to: number): Candidate[] => {
      const part = all.subarray(from, to);
      return topPositions(part, histogram(part), 20).map((p) => ({
        index: from + p,
        score: part[p]!,
        cells: [],
      }));
    };
    const merged = mergeTop([shard(0, 3000), shard(3000, 6000), shard(6000, 9000)], 20);
    const whole = topPositions(all, histogram(all), 20);
    expect(merged.map((c) => c.index)).toEqual(whole);
  });
});

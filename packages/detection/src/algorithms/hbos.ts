import { AdditiveDetector } from './additive';
import { CONTAMINATION, resolveParams } from './params';
import type { AlgorithmSpec, Contamination, Matrix } from './types';

/** Options of {@link Hbos}. */
export type HbosOptions = { nBins?: number | 'auto'; contamination?: Contamination };

const PARAMETERS = [
  {
    name: 'nBins',
    type: 'int',
    default: 10,
    min: 2,
    max: 10_000,
    values: ['auto'],
    description: "Equal-width bins per feature; 'auto' uses √n, as Goldstein & Dengel suggest.",
  },
  CONTAMINATION,
] as const;

interface Histogram {
  lo: number;
  hi: number;
  width: number;
  counts: Int32Array;
  peak: number;
}

/**
 * Histogram-based outlier score (Goldstein & Dengel 2012): one equal-width histogram per
 * feature over its training range, heights normalised so the fullest bin is 1, and the raw
 * score sums −ln(height) over the features — a naive-Bayes-like improbability that ignores
 * feature interactions. Counts get +1 (ln((peak + 1) / (count + 1))) so empty bins and
 * values outside the training range score a finite ln(peak + 1) instead of infinity.
 * Histograms are built from the observed values; a missing value adds the feature's mean
 * term over the training rows (see AdditiveDetector).
 */
export class Hbos extends AdditiveDetector {
  readonly name = 'hbos';
  private readonly nBins: number | 'auto';
  private hists: Histogram[] = [];

  constructor(options: HbosOptions = {}) {
    const p = resolveParams('hbos', PARAMETERS, options);
    super(p.contamination as Contamination, p);
    this.nBins = p.nBins as number | 'auto';
  }

  protected fitTerms(m: Matrix): void {
    const { data, n, d } = m;
    const bins = this.nBins === 'auto' ? Math.max(2, Math.round(Math.sqrt(n))) : this.nBins;
    this.hists = Array.from({ length: d }, (_, j) => {
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < n; i++) {
        const v = data[i * d + j]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      // A constant feature gets one bin: every training value is in it, anything else is out.
      const h: Histogram = {
        lo,
        hi,
        // Divided before subtracting: hi − lo overflows for a range beyond ~1.8e308.
        width: hi / bins - lo / bins,
        counts: new Int32Array(hi > lo ? bins : 1),
        peak: 0,
      };
      for (let i = 0; i < n; i++) {
        const v = data[i * d + j]!;
        if (Number.isNaN(v)) continue;
        const b = this.bin(h, v);
        h.counts[b] = h.counts[b]! + 1;
      }
      h.peak = Math.max(...h.counts);
      return h;
    });
  }

  protected modelJSON(): unknown {
    return this.hists.map((h) => ({ lo: h.lo, hi: h.hi, counts: Array.from(h.counts) }));
  }

  /** Bin of v, or -1 outside the training range; the maximum goes in the last bin. */
  private bin(h: Histogram, v: number): number {
    if (v < h.lo || v > h.hi) return -1;
    const last = h.counts.length - 1;
    return last === 0 ? 0 : Math.min(Math.floor((v - h.lo) / h.width), last);
  }

  protected term(j: number, v: number): number {
    const h = this.hists[j]!;
    const b = this.bin(h, v);
    const count = b < 0 ? 0 : h.counts[b]!;
    return Math.log((h.peak + 1) / (count + 1));
  }
}

/** Registry entry of {@link Hbos}. */
export const hbosSpec: AlgorithmSpec = {
  name: 'hbos',
  label: 'HBOS (histograms)',
  description: 'Histogram-based outlier score: how rare each value is in its feature’s histogram, summed.',
  family: 'statistical',
  parameters: PARAMETERS,
  scoreRange: '[0, d·ln(n + 1)]: a sum over features of −ln(bin height / tallest bin)',
  complexity: 'O(n·d) fit and score; O(d·bins) memory',
  create: (params) => new Hbos(params),
};

import { quantile } from '../stats';
import type { Contamination } from './types';

/**
 * Map of raw scores onto the shared [0, 1) scale, fitted on the training scores:
 * r = (s − median) / spread, normalized = r / (1 + r) for r > 0, else 0, where spread is
 * the distance from the median to the Tukey upper fence Q3 + 1.5·IQR. Hence 0 = no more
 * anomalous than the median training row and 0.5 = exactly at the fence, for every
 * algorithm. Quantiles make it robust to the anomalies in the training rows; the hyperbolic
 * squash keeps the order of extreme scores (no saturation before r ≈ 1e15) while bounding
 * what one detector can add to an ensemble's average.
 */
export interface ScoreScale {
  median: number;
  spread: number;
}

/** Where 'auto' contamination puts the threshold: the training scores' upper fence. */
export const AUTO_THRESHOLD = 0.5;

/** Relative spread assumed when every training score is the same: any higher score is extreme. */
const TIE_SPREAD = 1e-9;

/** Fits the scale to training raw scores. */
export function fitScoreScale(raw: Float64Array): ScoreScale {
  const sorted = Float64Array.from(raw).sort();
  const median = quantile(sorted, 0.5);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  let spread = q3 + 1.5 * (q3 - q1) - median;
  if (!(spread > 0)) {
    // Over half the rows tie (e.g. every row inside the IQR detector's fences): their mean
    // deviation still measures how far the rest stray; 3 of them stands in for the fence.
    let dev = 0;
    for (const s of sorted) dev += Math.abs(s - median);
    spread = (3 * dev) / sorted.length;
  }
  if (!(spread > 0)) spread = TIE_SPREAD * Math.max(1, Math.abs(median));
  return { median, spread };
}

/** Applies a fitted scale to raw scores. */
export function normalizeScores(raw: Float64Array, scale: ScoreScale): Float64Array {
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const r = (raw[i]! - scale.median) / scale.spread;
    out[i] = r > 0 ? r / (1 + r) : 0;
  }
  return out;
}

/**
 * Threshold on normalized scores: {@link AUTO_THRESHOLD} for 'auto', else the
 * (1 − contamination) quantile of the training rows' normalized scores (numpy's linear
 * interpolation, as scikit-learn's offset), so about that share of them lies above it.
 */
export function contaminationThreshold(training: Float64Array, contamination: Contamination): number {
  if (contamination === 'auto') return AUTO_THRESHOLD;
  return quantile(Float64Array.from(training).sort(), 1 - contamination);
}

/** Number of training scores strictly above the threshold. */
export function countAbove(training: Float64Array, threshold: number): number {
  let count = 0;
  for (const s of training) if (s > threshold) count++;
  return count;
}

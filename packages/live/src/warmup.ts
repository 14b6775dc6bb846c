import { createDetector, toMatrix } from '@pynomaly/detection';

/** Samples a connection's warm-up window holds before it scores. */
export const WARMUP_SAMPLES = 30;
/** The warm-up window's default algorithm: robust to outliers among the first samples. */
export const DEFAULT_WARMUP_ALGORITHM = 'robust-zscore';

/** An algorithm name as the registry spells it (`isolation_forest` → `isolation-forest`). */
export function registryName(algorithm: string | undefined): string {
  return (algorithm ?? DEFAULT_WARMUP_ALGORITHM).toLowerCase().replaceAll('_', '-');
}

/** What a window's scorer answers for one sample. */
export interface WindowScore {
  score: number;
  threshold: number;
  isAnomaly: boolean;
}

/**
 * Fits the algorithm on the window once and answers a scorer of samples against it; its
 * raw-score cut is Tukey's far-out fence (Q3 + 3·IQR) of the window's raw scores: a sample
 * is flagged when it stands further out than the window's spread allows. (The registry's normalized
 * threshold cannot serve here: fitted on a clean window it is capped at 1 and flags nothing.)
 * The score is r/(1+r) of r = raw / cut, so 0.5 is the threshold. An unknown algorithm is a
 * ValidationError (from the registry). One fit serves a whole batch (`POST /api/detection/stream`).
 */
export function windowScorer(
  window: readonly (readonly number[])[],
  algorithm: string,
): (sample: readonly number[]) => WindowScore {
  const detector = createDetector(algorithm, algorithm === 'isolation-forest' ? { randomState: 0 } : {});
  const training = toMatrix(window);
  detector.fit(training);
  const trainingRaw = Float64Array.from(detector.score(training)).sort();
  const q1 = quantile(trainingRaw, 0.25);
  const q3 = quantile(trainingRaw, 0.75);
  const cut = q3 + 3 * (q3 - q1);
  return (sample) => {
    const raw = detector.score(toMatrix([sample]))[0] ?? 0;
    const ratio = cut > 0 ? Math.max(0, raw) / cut : raw > 0 ? Number.POSITIVE_INFINITY : 0;
    const score = Number.isFinite(ratio) ? ratio / (1 + ratio) : 1;
    return { score: Math.round(score * 1e6) / 1e6, threshold: 0.5, isAnomaly: raw > cut };
  };
}

/** Scores one sample against the window (see {@link windowScorer}). */
export function scoreAgainstWindow(
  window: readonly (readonly number[])[],
  sample: readonly number[],
  algorithm: string,
): WindowScore {
  return windowScorer(window, algorithm)(sample);
}

/** numpy's linear-interpolation quantile of sorted values. */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const low = sorted[below] ?? 0;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] ?? low;
  return low + (high - low) * (position - below);
}

import type { Matrix } from '../matrix';
import type { MissingSummary } from './missing';

export type { Matrix };

/** Names the registry builds detectors by. */
export type AlgorithmName =
  | 'zscore'
  | 'robust-zscore'
  | 'iqr'
  | 'knn'
  | 'lof'
  | 'ecod'
  | 'copod'
  | 'hbos'
  | 'pca'
  | 'isolation-forest'
  | 'ensemble';

/** Expected share of anomalies in the training rows: 'auto' or a number in (0, 0.5]. */
export type Contamination = 'auto' | number;

/**
 * One anomaly detector. Every detector is fitted on unlabelled rows and then scores rows
 * (the training rows or new ones) on two scales:
 *
 * - `score`: the algorithm's own raw score, higher = more anomalous, in its own units;
 * - `normalizedScore`: the raw score min-max scaled by the training scores and clipped to
 *   [0, 1] (see `score-scale.ts`) — 0 = the least and 1 = the most anomalous training row
 *   or beyond — the same for every algorithm, so that ensembles can combine them.
 */
export interface Detector {
  readonly name: AlgorithmName;
  /**
   * Learns from the rows (replacing any earlier fit). NaN marks a missing value, treated as
   * the algorithm documents (see missing.ts); ±Infinity, no rows, a row with no value or a
   * feature with no value in any row raise a ValidationError.
   */
  fit(x: Matrix): this;
  /** {@link fit} on every core the machine has, where the algorithm can use them: the same model. */
  fitAsync?(x: Matrix): Promise<this>;
  /** Raw anomaly score per row, higher = more anomalous. */
  score(x: Matrix): Float64Array;
  /** Score per row in [0, 1]: the raw score min-max scaled by the training scores, clipped. */
  normalizedScore(x: Matrix): Float64Array;
  /** {@link normalizedScore} on every core the machine has, where the algorithm can use them: the same scores. */
  normalizedScoreAsync?(x: Matrix): Promise<Float64Array>;
  /**
   * Normalized score above which a row is flagged: for contamination 'auto' the Tukey upper
   * fence of the training rows' normalized scores, else their (1 − contamination) quantile.
   */
  threshold(): number;
  /** Training rows whose normalized score is above `threshold` (default: {@link threshold}). */
  expectedFalsePositives(threshold?: number): number;
  /** Normalized scores of the training rows, as computed while fitting (a copy). */
  trainingScores(): Float64Array;
  /** Per-feature contribution to row `row` of `x`'s raw score (higher = more to blame). */
  explain?(x: Matrix, row: number): Float64Array;
  /** What the last fit found missing and which parameters it had to adjust (single algorithms). */
  report?(): FitReport;
  /** JSON-safe snapshot of the fitted model and its parameters. */
  toJSON(): unknown;
}

/** A parameter the training rows did not allow as given, and the value used instead. */
export interface ParameterAdjustment {
  name: string;
  requested: ParameterValue;
  used: ParameterValue;
  reason: string;
}

/** What a fit found and did beyond its parameters. */
export interface FitReport {
  /** Missing values among the training rows and how the algorithm treated them. */
  missing: MissingSummary;
  /** Parameters adjusted to the data, e.g. k above the number of other rows; empty when none. */
  adjusted: ParameterAdjustment[];
}

/** A value a parameter may take. */
export type ParameterValue = number | string | boolean;

/** One tunable parameter of an algorithm, as listed to API clients and checked by the registry. */
export interface ParameterSpec {
  name: string;
  type: 'int' | 'float' | 'enum' | 'bool';
  default: ParameterValue;
  /** Inclusive lower bound of a number, exclusive when `minExclusive`. */
  min?: number;
  minExclusive?: boolean;
  /** Inclusive upper bound of a number. */
  max?: number;
  /** The choices of an 'enum'; for 'int' and 'float', strings accepted besides numbers (e.g. 'auto'). */
  values?: readonly string[];
  description: string;
}

/** Family of an algorithm, for grouping in listings. */
export type AlgorithmFamily = 'proximity' | 'statistical' | 'ensemble' | 'linear' | 'isolation';

/** Describes an algorithm and builds configured, unfitted detectors of it. */
export interface AlgorithmSpec {
  name: AlgorithmName;
  label: string;
  description: string;
  family: AlgorithmFamily;
  parameters: readonly ParameterSpec[];
  /** What the raw `score` measures and its range. */
  scoreRange: string;
  /** Time (and memory where it matters) of fit and score in rows n and features d. */
  complexity: string;
  /** A new detector; unknown or invalid parameters raise a ValidationError naming the field. */
  create(params: Record<string, unknown>): Detector;
}

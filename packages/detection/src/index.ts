/**
 * @pynomaly/detection — the detection engine: a seeded, scikit-learn-faithful isolation
 * forest over typed arrays, and the analysis of mixed spreadsheets built on it.
 */

export {
  type AlgorithmInfo,
  type AlgorithmName,
  type AlgorithmSpec,
  auc,
  averagePrecision,
  type Combination,
  columnMedians,
  combineScores,
  createDetector,
  type Detector,
  defaultEnsemble,
  Ensemble,
  estimateSeconds,
  type FitReport,
  fillMissing,
  getAlgorithm,
  listAlgorithms,
  type MissingHandling,
  type MissingSummary,
  type ParameterAdjustment,
  type WorkSize,
} from './algorithms';
export { type Cell, cellText, type IpAddress, parseIp, parseNumber, parseTimestamp } from './cells';
export type { ColumnKind } from './columns';
export {
  formatWindow,
  type HourWindow,
  minutesOutside,
  ROUND_THE_CLOCK_HOURS,
  usualWindow,
} from './encode-time';
export {
  AUTO_EXACT_MAX_FEATURES,
  featureImportance,
  limeExplanation,
  permutationImportance,
  shapValues,
} from './explain/index';
export {
  IsolationForest,
  type IsolationForestJSON,
  type IsolationForestOptions,
} from './isolation-forest';
export { type Matrix, type MatrixInput, toMatrix } from './matrix';
export { averagePathLength } from './path-length';
export type {
  AnalyzeOptions,
  AnomalousFeature,
  FlaggedRow,
  TableAnalysis,
  TableInput,
} from './table-types';
export { analyzeTable } from './tabular';

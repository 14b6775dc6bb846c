/**
 * Anomaly-detection algorithms behind one {@link Detector} interface, a registry that builds
 * them from validated parameters, ensembles over them and ranking metrics.
 */
export type { DetectorJSON } from './base';
export { Copod, type CopodOptions, copodSpec } from './copod';
export { estimateSeconds, type WorkSize } from './cost';
export { Ecod, type EcodAggregation, type EcodOptions, ecodSpec } from './ecod';
export {
  type Combination,
  combineScores,
  type DefaultEnsembleOptions,
  defaultEnsemble,
  Ensemble,
  type EnsembleOptions,
  ensembleSpec,
} from './ensemble';
export { Hbos, type HbosOptions, hbosSpec } from './hbos';
export { Iqr, type IqrOptions, iqrSpec } from './iqr';
export {
  IsolationForestDetector,
  type IsolationForestDetectorOptions,
  isolationForestSpec,
} from './isolation-forest';
export { Knn, type KnnOptions, knnSpec } from './knn';
export { Lof, type LofOptions, lofSpec } from './lof';
export { auc, averagePrecision } from './metrics';
export { columnMedians, fillMissing, type MissingHandling, type MissingSummary } from './missing';
export { KD_TREE_MAX_FEATURES, MAX_BRUTE_FORCE_ROWS } from './neighbours';
export { PCA_MAX_FEATURES, Pca, type PcaOptions, pcaSpec } from './pca';
export { type AlgorithmInfo, algorithms, createDetector, getAlgorithm, listAlgorithms } from './registry';
export { RobustZScore, type RobustZScoreOptions, robustZScoreSpec } from './robust-zscore';
export type {
  AlgorithmFamily,
  AlgorithmName,
  AlgorithmSpec,
  Contamination,
  Detector,
  FitReport,
  Matrix,
  ParameterAdjustment,
  ParameterSpec,
  ParameterValue,
} from './types';
export { ZScore, type ZScoreOptions, zscoreSpec } from './zscore';

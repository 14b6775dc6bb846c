import { ValidationError } from '../../../core/src/errors';
import { copodSpec } from './copod';
import { ecodSpec } from './ecod';
import { ensembleSpec } from './ensemble';
import { hbosSpec } from './hbos';
import { iqrSpec } from './iqr';
import { isolationForestSpec } from './isolation-forest';
import { knnSpec } from './knn';
import { lofSpec } from './lof';
import { pcaSpec } from './pca';
import { robustZScoreSpec } from './robust-zscore';
import type {
  AlgorithmFamily,
  AlgorithmName,
  AlgorithmSpec,
  Detector,
  ParameterSpec,
  ParameterValue,
} from './types';
import { zscoreSpec } from './zscore';

/** Every algorithm the registry can build, the (opt-in) ensemble last. */
export const algorithms: readonly AlgorithmSpec[] = [
  zscoreSpec,
  robustZScoreSpec,
  iqrSpec,
  hbosSpec,
  ecodSpec,
  copodSpec,
  pcaSpec,
  knnSpec,
  lofSpec,
  isolationForestSpec,
  ensembleSpec,
];

/** What a client needs to offer an algorithm: {@link AlgorithmSpec} without its factory, plus defaults. */
export interface AlgorithmInfo {
  name: AlgorithmName;
  label: string;
  description: string;
  family: AlgorithmFamily;
  scoreRange: string;
  complexity: string;
  parameters: ParameterSpec[];
  defaults: Record<string, ParameterValue>;
}

/** JSON-safe descriptions of every algorithm, e.g. for `GET /api/v1/detectors/algorithms`. */
export function listAlgorithms(): AlgorithmInfo[] {
  return algorithms.map(({ create: _, parameters, ...info }) => ({
    ...info,
    parameters: parameters.map((p) => ({ ...p, ...(p.values ? { values: [...p.values] } : {}) })),
    defaults: Object.fromEntries(parameters.map((p) => [p.name, p.default])),
  }));
}

/** The spec of an algorithm; an unknown name raises a ValidationError on field `algorithm`. */
export function getAlgorithm(name: string): AlgorithmSpec {
  const spec = algorithms.find((a) => a.name === name);
  if (!spec) {
    throw new ValidationError(`unknown algorithm '${name}'`, [
      { field: 'algorithm', message: `one of ${algorithms.map((a) => a.name).join(', ')}` },
    ]);
  }
  return spec;
}

/**
 * A new, unfitted detector. Parameters are checked against the algorithm's spec: an unknown
 * algorithm or parameter, a value of the wrong type or out of range (contamination outside
 * (0, 0.5]) raises a ValidationError naming each offending field.
 */
export function createDetector(name: string, params: Record<string, unknown> = {}): Detector {
  const spec = getAlgorithm(name);
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new ValidationError('parameters must be an object', [
      { field: 'params', message: 'an object of parameter values' },
    ]);
  }
  return spec.create(params);
}

import { ValidationError } from '@pynomaly/core';
import { createDetector, type Detector, type Matrix } from '@pynomaly/detection';
import { algorithmName, detectorParameters } from './detection';

/**
 * A saved model: the algorithm, its parameters and the exact training matrix. Every detector
 * of the registry is deterministic for its parameters (the forest is seeded), so fitting the
 * same matrix again gives the same model bit for bit — on another Lambda, after a restart —
 * while the file stays one format for every algorithm. The fitted state's own JSON rides
 * along for inspection, and its threshold is checked on load.
 */
export interface ModelFile {
  format: 'pynomaly.model';
  version: 1;
  algorithm: string;
  parameters: Record<string, unknown>;
  training: { n: number; d: number; data: string };
  fitted: unknown;
  threshold: number;
}

export function saveModel(
  algorithm: string,
  parameters: Record<string, unknown>,
  training: Matrix,
  detector: Detector,
): ModelFile {
  return {
    format: 'pynomaly.model',
    version: 1,
    algorithm,
    parameters,
    training: {
      n: training.n,
      d: training.d,
      data: Buffer.from(training.data.buffer, training.data.byteOffset, training.data.byteLength).toString(
        'base64',
      ),
    },
    fitted: detector.toJSON(),
    threshold: detector.threshold(),
  };
}

/** The training matrix a model was fitted on: the background its explanations compare with. */
export function trainingMatrix(file: ModelFile): Matrix {
  const bytes = Buffer.from(file.training.data, 'base64');
  return {
    data: new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
    n: file.training.n,
    d: file.training.d,
  };
}

export function loadModelFile(file: ModelFile): Detector {
  if (file?.format !== 'pynomaly.model' || file.version !== 1) {
    throw new ValidationError('Not a Pynomaly model file', [{ field: 'model', message: 'unknown format' }]);
  }
  const bytes = Buffer.from(file.training.data, 'base64');
  const data = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const detector = createDetector(algorithmName(file.algorithm), detectorParameters(file.parameters)).fit({
    data,
    n: file.training.n,
    d: file.training.d,
  });
  if (detector.threshold() !== file.threshold)
    throw new Error('The model does not refit to its saved threshold');
  return detector;
}

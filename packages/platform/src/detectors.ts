import { newId, type Principal, ValidationError } from '@pynomaly/core';
import { createDetector, type Detector } from '@pynomaly/detection';
import type { Cell } from '@pynomaly/ingest';
import {
  type BlobStore,
  blobKeys,
  type DetectorRecord,
  type DetectorRepository,
  type TabularDatasetRecord,
  type TabularDatasetRepository,
} from '@pynomaly/store';
import { type Announces, announceTraining } from './announce';
import { algorithmName, detectorParameters } from './detection';
import { evaluateCandidate, labelledTable } from './evaluation';
import { modelCache } from './model-cache';
import { loadModelFile, type ModelFile, saveModel } from './models';
import { modelMatrix } from './preprocess';
import { loadRows, tableFromData } from './tabular-datasets';
import { REQUEST_WORK_SECONDS, WorkBudget, workSeconds } from './work-budget';

export interface DetectorDeps {
  detectors: DetectorRepository;
  datasets: TabularDatasetRepository;
  blobs: BlobStore;
}

/** A detector as the API shows it; a trained one is also a model (seed 001/002). */
export function detectorDocument(d: DetectorRecord) {
  const { tenant_id: _, model_key: __, ...rest } = d;
  return { ...rest, model_id: d.status === 'trained' ? d.id : null };
}

/** Creates a detector: the algorithm and parameters are checked now, not at training. */
export async function createDetectorRecord(
  principal: Principal,
  request: { name: string; algorithm: string; parameters?: Record<string, unknown>; description?: string },
  deps: Pick<DetectorDeps, 'detectors'>,
): Promise<DetectorRecord> {
  createDetector(algorithmName(request.algorithm), detectorParameters(request.parameters));
  const now = new Date().toISOString();
  const record: DetectorRecord = {
    id: newId(),
    tenant_id: principal.tenantId,
    user_id: principal.userId,
    name: request.name,
    description: request.description ?? null,
    algorithm: request.algorithm,
    parameters: request.parameters ?? {},
    status: 'created',
    feature_names: null,
    dataset_id: null,
    label_column: null,
    training_time: null,
    metrics: null,
    threshold: null,
    model_key: null,
    created_at: now,
    updated_at: now,
    trained_at: null,
  };
  await deps.detectors.put(record);
  return record;
}

/**
 * Trains a detector on a dataset: a seeded split holds `validation_split` of the rows out,
 * the model is fitted on the rest and saved to the bucket (it predicts identically after a
 * restart, on any Lambda), and the held-out rows give the metrics — ROC-AUC, AP and
 * precision/recall/F1 at the threshold when the dataset has a label column. Training
 * estimated beyond `withinSeconds` (a request's, unless a queued task trains) is refused
 * (422) before the rows are read. The trained detector is announced (`training.completed`).
 */
export async function trainDetector(
  principal: Principal,
  id: string,
  request: { dataset_id: string; validation_split?: number; label_column?: string },
  deps: DetectorDeps & Announces,
  withinSeconds = REQUEST_WORK_SECONDS,
): Promise<DetectorRecord> {
  const detectorRecord = await deps.detectors.get(principal.tenantId, id);
  const dataset = await deps.datasets.get(principal.tenantId, request.dataset_id);
  const scored = Math.round(dataset.size * (request.validation_split ?? 0.2));
  new WorkBudget(withinSeconds).spend(
    workSeconds({
      algorithm: detectorRecord.algorithm,
      parameters: detectorRecord.parameters,
      rows: dataset.size - scored,
      features: dataset.feature_names.length,
      scored,
    }),
    'train on a smaller dataset, or with fewer trees or neighbours (AutoML runs queued: async: true)',
  );
  const data = labelledTable(
    dataset.feature_names,
    await loadRows(dataset, deps.blobs),
    request.label_column,
  );
  const { detector, train, metrics, trainingTime } = evaluateCandidate(
    detectorRecord.algorithm,
    detectorRecord.parameters,
    data,
    request.validation_split ?? 0.2,
    // Seeded from what is trained on what — the data's shape and statistics, the algorithm and
    // its parameters — not from new ids: the same training on the same rows answers the same.
    JSON.stringify([
      dataset.feature_names,
      dataset.size,
      dataset.statistics,
      detectorRecord.algorithm,
      detectorRecord.parameters ?? {},
    ]),
  );
  const modelKey = blobKeys.model(principal.tenantId, detectorRecord.id);
  await deps.blobs.put(
    modelKey,
    JSON.stringify(saveModel(detectorRecord.algorithm, detectorRecord.parameters, train.matrix, detector)),
    {
      contentType: 'application/json',
    },
  );
  const now = new Date().toISOString();
  const trained: DetectorRecord = {
    ...detectorRecord,
    status: 'trained',
    feature_names: train.features,
    dataset_id: dataset.id,
    label_column: data.labelColumn,
    training_time: trainingTime,
    metrics,
    threshold: Math.round(detector.threshold() * 1e6) / 1e6,
    model_key: modelKey,
    updated_at: now,
    trained_at: now,
  };
  await deps.detectors.put(trained);
  await announceTraining(trained, deps);
  return trained;
}

/** Rows whose columns are `columns`, reordered to the model's features (missing ones refused). */
function alignRows(modelFeatures: string[], columns: string[], rows: Cell[][]): Cell[][] {
  const missing = modelFeatures.filter((f) => !columns.includes(f));
  if (missing.length > 0) {
    throw new ValidationError(`The data lacks the model's features: ${missing.join(', ')}`, [
      { field: 'data', message: `needs ${modelFeatures.join(', ')}` },
    ]);
  }
  const at = modelFeatures.map((f) => columns.indexOf(f));
  return rows.map((r) => at.map((j) => r[j] ?? null));
}

/** The fitted model of a trained detector, as saved at training. */
export async function loadModel(record: DetectorRecord, blobs: BlobStore): Promise<Detector> {
  if (record.status !== 'trained' || !record.model_key) {
    throw new ValidationError(`Detector '${record.name}' is not trained yet`, [
      { field: 'detector_id', message: 'train it first' },
    ]);
  }
  const key = record.model_key;
  return modelCache.get(`${key}@${record.trained_at}`, async () =>
    loadModelFile(JSON.parse(await blobs.getText(key)) as ModelFile),
  );
}

export interface Prediction {
  feature_names: string[];
  scores: number[];
  predictions: number[];
  threshold: number;
  /** Rows of ordinary data the threshold would flag, per the detector's calibration. */
  expected_false_positives: number;
  /** The scored rows, aligned to `feature_names`. */
  rows: Cell[][];
}

/**
 * Estimated seconds of scoring `rows` rows with a trained detector, its model refitted from
 * the saved training rows as a cold Lambda does.
 */
export function predictionSeconds(record: DetectorRecord, rows: number): number {
  const features = record.feature_names?.length ?? 0;
  const { algorithm, parameters } = record;
  return workSeconds({ algorithm, parameters, rows: record.metrics?.n_train ?? 0, features, scored: rows });
}

/** Scores new rows (inline, with or without feature names, or a stored dataset) with a trained model. */
/**
 * The rows a trained detector scores — a stored dataset's (`dataset`, already read) or inline
 * `data` — with their columns in the model's feature order.
 */
export async function rowsInModelOrder(
  modelFeatures: string[],
  input: { data?: unknown[]; features?: string[] },
  dataset: TabularDatasetRecord | null,
  deps: Pick<DetectorDeps, 'blobs'>,
): Promise<Cell[][]> {
  let columns: string[];
  let rows: Cell[][];
  if (dataset) {
    columns = dataset.feature_names;
    rows = await loadRows(dataset, deps.blobs);
  } else if (input.data) {
    const table = tableFromData(
      input.data,
      input.features ??
        (Array.isArray(input.data[0]) && (input.data[0] as unknown[]).length === modelFeatures.length
          ? modelFeatures
          : undefined),
    );
    columns = input.features
      ? table.features
      : table.features.length === modelFeatures.length
        ? modelFeatures
        : table.features;
    rows = table.rows;
  } else {
    throw new ValidationError('Send data or a dataset_id', [
      { field: 'data', message: 'data or dataset_id is required' },
    ]);
  }
  return alignRows(modelFeatures, columns, rows);
}

export async function predict(
  principal: Principal,
  record: DetectorRecord,
  input: { data?: unknown[]; features?: string[]; dataset_id?: string },
  deps: DetectorDeps,
): Promise<Prediction> {
  const modelFeatures = record.feature_names ?? [];
  const dataset = input.dataset_id ? await deps.datasets.get(principal.tenantId, input.dataset_id) : null;
  new WorkBudget(REQUEST_WORK_SECONDS).spend(
    predictionSeconds(record, dataset?.size ?? input.data?.length ?? 0),
    'score fewer rows at a time',
  );
  const detector = await loadModel(record, deps.blobs);
  const aligned = await rowsInModelOrder(modelFeatures, input, dataset, deps);
  const rows = modelMatrix(modelFeatures, aligned);
  // On every core the function has, where the algorithm can use them (the same scores).
  const scores = await (detector.normalizedScoreAsync?.(rows) ?? detector.normalizedScore(rows));
  const threshold = detector.threshold();
  return {
    feature_names: modelFeatures,
    scores: Array.from(scores, (s) => Math.round(s * 1e6) / 1e6),
    predictions: Array.from(scores, (s) => (s > threshold ? 1 : 0)),
    threshold: Math.round(threshold * 1e6) / 1e6,
    expected_false_positives: detector.expectedFalsePositives(threshold),
    rows: aligned,
  };
}

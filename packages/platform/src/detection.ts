import { newId, type Principal, ValidationError } from '@pynomaly/core';
import { createDetector, type FitReport } from '@pynomaly/detection';
import type { Cell } from '@pynomaly/ingest';
import {
  type BlobStore,
  blobKeys,
  type DetectionRecord,
  type DetectionRepository,
  type TabularDatasetRepository,
} from '@pynomaly/store';
import { type Announces, announceDetection } from './announce';
import { MatrixBuilder, type PreparedMatrix, type Preprocessing, prepareMatrix } from './preprocess';
import { forEachRow, tableFromData } from './tabular-datasets';
import { inlineSize, type WorkBudget, workSeconds } from './work-budget';

/** Rows a synchronous detection takes; more need the asynchronous path. */
export const MAX_SYNC_ROWS = 200_000;

export interface DetectRequest {
  data?: unknown[];
  features?: string[];
  dataset_id?: string;
  algorithm: string;
  parameters?: Record<string, unknown>;
  preprocessing?: Preprocessing;
}

export interface DetectedAnomaly {
  id: string;
  /** Normalised anomaly score in [0, 1): 0.5 is the training scores' upper fence. */
  score: number;
  index: number;
  features: Record<string, Cell>;
}

export interface DetectionDeps {
  detections: DetectionRepository;
  datasets: TabularDatasetRepository;
  blobs: BlobStore;
}

const snakeToCamel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

const aliases: Record<string, string> = {
  'local-outlier-factor': 'lof',
  'k-nearest-neighbors': 'knn',
  iforest: 'isolation-forest',
  'z-score': 'zscore',
};

/**
 * The registry's name for an algorithm however the seeds spell it: `isolation_forest`,
 * `IsolationForest` and `isolation-forest` are one algorithm.
 */
export function algorithmName(name: string): string {
  const kebab = name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replaceAll('_', '-');
  return aliases[kebab] ?? kebab;
}

/** API parameters (snake_case, as the seeds write them) in the registry's camelCase. */
export function detectorParameters(parameters: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(Object.entries(parameters).map(([k, v]) => [snakeToCamel(k), v]));
}

/** A run's record before its figures are known: who, what, where its results go. */
export function detectionRecord(
  principal: Principal,
  request: DetectRequest,
  id: string,
  batchId: string | null = null,
): DetectionRecord {
  const now = new Date().toISOString();
  return {
    id,
    tenant_id: principal.tenantId,
    user_id: principal.userId,
    dataset_id: request.dataset_id ?? null,
    algorithm: algorithmName(request.algorithm).replaceAll('-', '_'),
    parameters: request.parameters ?? {},
    status: 'completed',
    n_samples: 0,
    anomaly_count: 0,
    anomaly_rate: 0,
    threshold: 0,
    expected_false_positives: 0,
    processing_time: 0,
    results_key: blobKeys.detectionResults(principal.tenantId, id),
    batch_id: batchId,
    error_message: null,
    created_at: now,
    completed_at: now,
  };
}

/** The response of seed 002's detect: the run's summary and its anomalies, highest score first. */
export function detectionDocument(record: DetectionRecord, anomalies: DetectedAnomaly[]) {
  return {
    detection_id: record.id,
    dataset_id: record.dataset_id,
    algorithm: record.algorithm,
    parameters: record.parameters,
    detector_id: record.detector_id ?? null,
    status: record.status,
    error_message: record.error_message ?? null,
    n_samples: record.n_samples,
    anomaly_count: record.anomaly_count,
    anomaly_rate: record.anomaly_rate,
    threshold: record.threshold,
    expected_false_positives: record.expected_false_positives,
    processing_time: record.processing_time,
    created_at: record.created_at,
    completed_at: record.completed_at,
    progress: record.progress ?? null,
    missing: record.missing ?? null,
    adjusted_parameters: record.adjusted_parameters ?? [],
    anomalies,
  };
}

/** Inline rows are capped like a synchronous dataset, queued or not. */
export function checkInlineRows(data: unknown[]): void {
  if (data.length > MAX_SYNC_ROWS)
    throw new ValidationError(`At most ${MAX_SYNC_ROWS} rows inline`, [
      { field: 'data', message: 'too many rows' },
    ]);
}

/**
 * Runs one detection on inline data or a stored dataset, stores the run (summary in the table,
 * anomalies in the bucket), announces it (`detection.completed`) and answers it. A queued run's
 * retried task finds its record ended and announces nothing again. Bad input — unknown
 * algorithm, parameters out of range, ragged or non-finite rows — is a 400 naming the field,
 * and nothing is stored.
 */
export async function detect(
  principal: Principal,
  request: DetectRequest,
  deps: DetectionDeps & Announces,
  /**
   * `id`: this run was queued (runQueuedDetection) and is done under that id, without the
   * synchronous cap. `budget`: the run's estimated work is spent from it first (a batch's).
   */
  run: { batchId?: string | null; id?: string; budget?: WorkBudget } = {},
): Promise<{ record: DetectionRecord; anomalies: DetectedAnomaly[] }> {
  const started = performance.now();
  const detector = createDetector(algorithmName(request.algorithm), detectorParameters(request.parameters));
  // Fitted on the rows, then every row scored again.
  const spend = (size: { rows: number; features: number }) =>
    run.budget?.spend(
      workSeconds({
        ...size,
        algorithm: request.algorithm,
        parameters: request.parameters,
        scored: size.rows,
      }),
      'detect it on its own with async: true, or send fewer rows',
    );
  let features: string[];
  let prepared: PreparedMatrix;
  /** The cells of the rows found anomalous, by row index. */
  let rowsAt: (indices: Set<number>) => Promise<Map<number, Cell[]>>;
  if (request.dataset_id) {
    const dataset = await deps.datasets.get(principal.tenantId, request.dataset_id);
    if (!run.id && dataset.size > MAX_SYNC_ROWS)
      throw new ValidationError(`Datasets over ${MAX_SYNC_ROWS} rows are detected asynchronously`, [
        { field: 'async', message: 'send async: true' },
      ]);
    spend({ rows: dataset.size, features: dataset.feature_names.length });
    features = dataset.feature_names;
    // Streamed twice rather than held: once into the numeric matrix, once for the flagged rows.
    const builder = new MatrixBuilder(features);
    await forEachRow(dataset, deps.blobs, (row) => {
      builder.add(row);
      return undefined;
    });
    prepared = builder.build(request.preprocessing);
    rowsAt = async (indices) => {
      const found = new Map<number, Cell[]>();
      await forEachRow(dataset, deps.blobs, (row, index) => {
        if (indices.has(index)) found.set(index, row);
        return found.size < indices.size ? undefined : false;
      });
      return found;
    };
  } else if (request.data) {
    checkInlineRows(request.data);
    spend(inlineSize(request.data, request.features));
    const table = tableFromData(request.data, request.features);
    features = table.features;
    prepared = prepareMatrix(features, table.rows, request.preprocessing);
    rowsAt = async (indices) => new Map([...indices].map((i) => [i, table.rows[i] ?? []]));
  } else {
    throw new ValidationError('Send data or a dataset_id', [
      { field: 'data', message: 'data or dataset_id is required' },
    ]);
  }

  // On every core the function has, where the algorithm can use them (the same model and scores).
  await (detector.fitAsync?.(prepared.matrix) ?? detector.fit(prepared.matrix));
  const report = detector.report?.();
  const scores = await (detector.normalizedScoreAsync?.(prepared.matrix) ??
    detector.normalizedScore(prepared.matrix));
  const threshold = detector.threshold();
  const id = run.id ?? `det_${newId()}`;
  const flagged: Array<{ index: number; score: number }> = [];
  scores.forEach((score, k) => {
    if (score > threshold)
      flagged.push({ index: prepared.rowIndex[k]!, score: Math.round(score * 1e6) / 1e6 });
  });
  const cells = await rowsAt(new Set(flagged.map((f) => f.index)));
  const anomalies: DetectedAnomaly[] = flagged.map(({ index, score }) => ({
    id: `${id}_${index}`,
    score,
    index,
    features: Object.fromEntries(features.map((f, j) => [f, cells.get(index)?.[j] ?? null])),
  }));
  anomalies.sort((a, b) => b.score - a.score || a.index - b.index);

  const record: DetectionRecord = {
    ...detectionRecord(principal, request, id, run.batchId ?? null),
    n_samples: prepared.matrix.n,
    anomaly_count: anomalies.length,
    anomaly_rate: Math.round((anomalies.length / prepared.matrix.n) * 1e6) / 1e6,
    threshold: Math.round(threshold * 1e6) / 1e6,
    expected_false_positives: detector.expectedFalsePositives(threshold),
    processing_time: Math.round(performance.now() - started) / 1000,
    missing: prepared.missing && {
      ...prepared.missing,
      handling: missingHandling(request.preprocessing, report),
    },
    adjusted_parameters: report?.adjusted ?? [],
  };

  await deps.blobs.put(
    record.results_key,
    JSON.stringify({
      features: prepared.features,
      ignored_features: prepared.ignored,
      anomalies,
      scores: Array.from(scores),
    }),
    {
      contentType: 'application/json',
    },
  );
  if (await deps.detections.putFinished(record)) await announceDetection(record, deps);
  return { record, anomalies };
}

/**
 * How a run's missing cells were treated: the fill asked for, else the algorithm's own rule
 * (an ensemble, which has no report of its own, leaves them to each member's).
 */
function missingHandling(preprocessing: Preprocessing | undefined, report: FitReport | undefined) {
  const asked = preprocessing?.handle_missing ?? 'auto';
  return asked !== 'auto' ? asked : (report?.missing.handling ?? 'members');
}

/** A stored run with its anomalies. */
export async function detectionResult(
  tenantId: string,
  id: string,
  deps: Pick<DetectionDeps, 'detections' | 'blobs'>,
) {
  const record = await deps.detections.get(tenantId, id);
  if (record.status !== 'completed') return detectionDocument(record, []);
  const stored = JSON.parse(await deps.blobs.getText(record.results_key)) as { anomalies: DetectedAnomaly[] };
  return detectionDocument(record, stored.anomalies);
}

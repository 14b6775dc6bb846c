import { type Principal, ValidationError } from '@pynomaly/core';
import {
  AUTO_EXACT_MAX_FEATURES,
  columnMedians,
  createDetector,
  type Detector,
  featureImportance,
  fillMissing,
  limeExplanation,
  type Matrix,
  shapValues,
} from '@pynomaly/detection';
import type { Cell } from '@pynomaly/ingest';
import { algorithmName, detectorParameters } from './detection';
import { type DetectorDeps, rowsInModelOrder } from './detectors';
import { labelledTable } from './evaluation';
import { loadModelFile, type ModelFile, trainingMatrix } from './models';
import { modelMatrix, prepareMatrix } from './preprocess';
import { loadRows, tableFromData } from './tabular-datasets';
import { inlineSize, REQUEST_WORK_SECONDS, WorkBudget, workSeconds } from './work-budget';

export interface ExplainRequest {
  /** A trained detector; its training rows are the background. */
  detector_id?: string;
  /** Or an algorithm fitted here on the data. */
  algorithm?: string;
  parameters?: Record<string, unknown>;
  dataset_id?: string;
  data?: unknown[];
  features?: string[];
  /** The row to explain: an index into the data, or the values themselves (in feature order). */
  row_index?: number;
  instance?: Array<number | null> | Record<string, number | null>;
  label_column?: string;
  n_samples?: number;
  seed?: number;
}

interface Subject {
  detector: Detector;
  features: string[];
  background: Matrix;
  /** The rows a `row_index` picks from: the data sent or named, prepared as the detector scores them. */
  targets: Matrix | null;
  labels: number[] | null;
}

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
const byFeature = (features: string[], values: Float64Array) =>
  Object.fromEntries(features.map((f, j) => [f, r6(values[j] ?? 0)]));

/** Rows an explanation scores, for a background of `rows` × `features`. */
type ScoredRows = (size: { rows: number; features: number }, algorithm: string) => number;

/**
 * Spends the explanation's estimated work — fitting the detector (again, for a trained one,
 * as loading it does) and scoring `scored` rows — from a request's budget (422 beyond it).
 */
function spend(
  work: { algorithm: string; parameters?: Record<string, unknown> },
  size: { rows: number; features: number },
  scored: ScoredRows,
) {
  new WorkBudget(REQUEST_WORK_SECONDS).spend(
    workSeconds({ ...work, ...size, scored: scored(size, algorithmName(work.algorithm)) }),
    'explain with fewer rows or features, or a smaller n_samples',
  );
}

/** The fitted detector to explain, its features and the background it is compared with. */
async function subject(
  principal: Principal,
  request: ExplainRequest,
  deps: DetectorDeps,
  scored: ScoredRows,
): Promise<Subject> {
  if (request.detector_id) {
    const record = await deps.detectors.get(principal.tenantId, request.detector_id);
    if (record.status !== 'trained' || !record.model_key)
      throw new ValidationError('Train the detector first', [
        { field: 'detector_id', message: 'not trained' },
      ]);
    const size = { rows: record.metrics?.n_train ?? 0, features: record.feature_names?.length ?? 0 };
    spend(record, size, scored);
    const file = JSON.parse(await deps.blobs.getText(record.model_key)) as ModelFile;
    const features = record.feature_names ?? [];
    // A dataset or rows sent with the detector are what `row_index` indexes, as predict scores them.
    const named = request.dataset_id ? await deps.datasets.get(principal.tenantId, request.dataset_id) : null;
    const background = trainingMatrix(file);
    // Rows as predict scores them (every model feature); a gap explained as the training
    // median fills it, the value the model itself scores for it (kNN, LOF, the forest).
    const targets =
      named || request.data
        ? fillMissing(
            modelMatrix(features, await rowsInModelOrder(features, request, named, deps)),
            columnMedians(background),
          )
        : null;
    return { detector: loadModelFile(file), features, background, targets, labels: null };
  }
  let columns: string[];
  let rows: Cell[][];
  const fitted = { algorithm: request.algorithm ?? 'isolation_forest', parameters: request.parameters };
  if (request.dataset_id) {
    const dataset = await deps.datasets.get(principal.tenantId, request.dataset_id);
    spend(fitted, { rows: dataset.size, features: dataset.feature_names.length }, scored);
    columns = dataset.feature_names;
    rows = await loadRows(dataset, deps.blobs);
  } else if (request.data) {
    spend(fitted, inlineSize(request.data, request.features), scored);
    ({ features: columns, rows } = tableFromData(request.data, request.features));
  } else {
    throw new ValidationError('Name a detector_id, or send data or a dataset_id to fit on', [
      { field: 'detector_id', message: 'detector_id, dataset_id or data is required' },
    ]);
  }
  const table = labelledTable(columns, rows, request.label_column);
  const prepared = prepareMatrix(table.features, table.rows, { handle_missing: 'median' });
  const detector = createDetector(algorithmName(fitted.algorithm), detectorParameters(fitted.parameters)).fit(
    prepared.matrix,
  );
  return {
    detector,
    features: prepared.features,
    background: prepared.matrix,
    targets: prepared.matrix,
    labels: table.labels,
  };
}

/** The row to explain, as numbers in the subject's feature order. */
function instanceOf(request: ExplainRequest, s: Subject): Float64Array {
  if (request.instance !== undefined) {
    const values = Array.isArray(request.instance)
      ? request.instance
      : s.features.map((f) => (request.instance as Record<string, number | null>)[f] ?? null);
    if (
      values.length !== s.features.length ||
      values.some((v) => typeof v !== 'number' || !Number.isFinite(v))
    ) {
      throw new ValidationError(
        `instance needs ${s.features.length} finite numbers: ${s.features.join(', ')}`,
        [{ field: 'instance', message: 'one finite number per feature' }],
      );
    }
    return Float64Array.from(values as number[]);
  }
  const index = request.row_index ?? -1;
  if (!s.targets)
    throw new ValidationError(
      'A row_index picks a row of the data: send a dataset_id or data with it, or an instance',
      [{ field: 'row_index', message: 'needs a dataset_id or data' }],
    );
  if (index < 0 || index >= s.targets.n)
    throw new ValidationError('Send an instance, or a row_index into the data', [
      { field: 'row_index', message: `0..${s.targets.n - 1}` },
    ]);
  return s.targets.data.slice(index * s.targets.d, (index + 1) * s.targets.d);
}

/** Shapley values of one row's anomaly score (exact for up to 10 features, sampled above). */
export async function explainWithShap(principal: Principal, request: ExplainRequest, deps: DetectorDeps) {
  // Each coalition scores the background sample (at most 50 rows): all 2^d − 2 of them up to
  // 10 features, else d − 1 per sampled permutation (rounded up to antithetic pairs).
  const s = await subject(principal, request, deps, ({ rows, features: d }) => {
    const coalitions =
      d <= AUTO_EXACT_MAX_FEATURES ? 2 ** d - 2 : 2 * Math.ceil((request.n_samples ?? 200) / 2) * (d - 1);
    return 1 + Math.min(rows, 50) * coalitions;
  });
  const x = instanceOf(request, s);
  const result = shapValues(s.detector, s.background, x, { nSamples: request.n_samples, seed: request.seed });
  const score = s.detector.score({ data: x, n: 1, d: x.length })[0] ?? 0;
  return {
    method: 'shap',
    exact: result.exact,
    base_value: r6(result.baseValue),
    score: r6(score),
    values: byFeature(s.features, result.values),
    ranking: [...s.features].sort(
      (a, b) =>
        Math.abs(result.values[s.features.indexOf(b)]!) - Math.abs(result.values[s.features.indexOf(a)]!),
    ),
  };
}

/** A local linear surrogate of the score around one row. */
export async function explainWithLime(principal: Principal, request: ExplainRequest, deps: DetectorDeps) {
  const s = await subject(principal, request, deps, () => 1 + (request.n_samples ?? 1000));
  const result = limeExplanation(s.detector, s.background, instanceOf(request, s), {
    nSamples: request.n_samples,
    seed: request.seed,
  });
  return {
    method: 'lime',
    intercept: r6(result.intercept),
    weights: byFeature(s.features, result.weights),
    r2: r6(result.r2),
  };
}

/** Global importance: depth-based for an isolation forest, permutation (AUC drop with labels) otherwise. */
export async function explainFeatureImportance(
  principal: Principal,
  request: ExplainRequest,
  deps: DetectorDeps,
) {
  // The forest reads its own splits; others are scored with each feature shuffled, 5 times.
  const s = await subject(principal, request, deps, ({ rows, features }, algorithm) =>
    algorithm === 'isolation-forest' ? 0 : features * 5 * rows,
  );
  const result = featureImportance(s.detector, s.background, {
    seed: request.seed,
    labels: s.labels ?? undefined,
  });
  return { method: result.method, importances: byFeature(s.features, result.importances) };
}

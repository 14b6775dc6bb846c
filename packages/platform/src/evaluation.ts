import { sha256, ValidationError } from '@pynomaly/core';
import { auc, averagePrecision, createDetector, type Detector } from '@pynomaly/detection';
import type { Cell } from '@pynomaly/ingest';
import type { ValidationMetrics } from '@pynomaly/store';
import { algorithmName, detectorParameters } from './detection';
import { type PreparedMatrix, prepareMatrix } from './preprocess';

/** Columns that hold ground truth when a dataset carries it. */
const LABEL_COLUMNS = ['label', 'is_anomaly', 'anomaly', 'outlier', 'y'];

/** A dataset split into features and, when it has a label column, ground truth. */
export interface LabelledTable {
  features: string[];
  rows: Cell[][];
  labels: number[] | null;
  labelColumn: string | null;
}

/** A column of only 0 and 1 (numbers or booleans), as ground truth must be. */
function isBinary(rows: Cell[][], at: number): boolean {
  return rows.every((r) => r[at] === 0 || r[at] === 1 || typeof r[at] === 'boolean');
}

/**
 * Separates the label column from the features: the one named, or else the first binary
 * column called by a usual name (`label` before `is_anomaly` … before `y`).
 */
export function labelledTable(columns: string[], rows: Cell[][], labelColumn?: string): LabelledTable {
  const found = LABEL_COLUMNS.map((name) => columns.findIndex((c) => c.toLowerCase() === name)).find(
    (at) => at >= 0 && isBinary(rows, at),
  );
  const label = labelColumn ?? (found === undefined ? null : (columns[found] ?? null));
  if (label && !columns.includes(label)) {
    throw new ValidationError(`The dataset has no column '${label}'`, [
      { field: 'label_column', message: 'not a column of the dataset' },
    ]);
  }
  const at = label ? columns.indexOf(label) : -1;
  return {
    features: columns.filter((_, j) => j !== at),
    rows: rows.map((r) => r.filter((_, j) => j !== at)),
    labels: at >= 0 ? rows.map((r) => (Number(r[at]) === 1 || r[at] === true ? 1 : 0)) : null,
    labelColumn: label,
  };
}

function seededOrder(indices: number[], seed: string): number[] {
  const order = [...indices];
  let state = Number.parseInt(sha256(seed).slice(0, 8), 16) || 1;
  for (let i = order.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * A seeded split (the same seed splits the same way). With labels it is stratified: anomalies
 * are rare, and a held-out set without any would measure nothing.
 */
export function splitRows(
  n: number,
  validationShare: number,
  seed: string,
  labels?: number[] | null,
): { train: number[]; validation: number[] } {
  const all = Array.from({ length: n }, (_, i) => i);
  const strata = labels ? [all.filter((i) => labels[i] === 1), all.filter((i) => labels[i] !== 1)] : [all];
  const split = { validation: [] as number[], train: [] as number[] };
  for (const stratum of strata) {
    const order = seededOrder(stratum, seed);
    const cut = Math.round(order.length * validationShare);
    // concat, not push(...rows): spreading a large dataset's rows as arguments overflows the stack.
    split.validation = split.validation.concat(order.slice(0, cut));
    split.train = split.train.concat(order.slice(cut));
  }
  if (split.train.length < 2) {
    throw new ValidationError('Too few rows left to train on', [
      { field: 'validation_split', message: 'leaves fewer than 2 training rows' },
    ]);
  }
  return split;
}

const r4 = (v: number) => Math.round(v * 10_000) / 10_000;

/** ROC-AUC, AP and precision/recall/F1 at the threshold, when both classes are present. */
export function labelMetrics(
  scores: Float64Array,
  labels: number[],
  threshold: number,
): Partial<ValidationMetrics> {
  if (!labels.includes(1) || !labels.includes(0)) return {};
  let tp = 0;
  let fp = 0;
  let fn = 0;
  scores.forEach((s, i) => {
    const flagged = s > threshold;
    if (flagged && labels[i] === 1) tp++;
    else if (flagged) fp++;
    else if (labels[i] === 1) fn++;
  });
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    roc_auc: r4(auc(scores, labels)),
    accuracy: r4((labels.length - fp - fn) / labels.length),
    f1_score: r4(f1),
    average_precision: r4(averagePrecision(scores, labels)),
    precision: r4(precision),
    recall: r4(recall),
    f1: r4(f1),
  };
}

export interface Evaluated {
  detector: Detector;
  train: PreparedMatrix;
  metrics: ValidationMetrics;
  trainingTime: number;
  /** Normalised scores of the validation rows (in split order). */
  validationScores: Float64Array;
  validation: number[];
}

/** Fits one candidate on the training rows and measures it on the held-out ones. */
export function evaluateCandidate(
  algorithm: string,
  parameters: Record<string, unknown>,
  data: LabelledTable,
  validationShare: number,
  seed: string,
): Evaluated {
  const { train: trainIdx, validation } = splitRows(data.rows.length, validationShare, seed, data.labels);
  const started = performance.now();
  const train = prepareMatrix(
    data.features,
    trainIdx.map((i) => data.rows[i]!),
    { handle_missing: 'median' },
  );
  const detector = createDetector(algorithmName(algorithm), detectorParameters(parameters)).fit(train.matrix);
  const trainingTime = Math.round(performance.now() - started) / 1000;
  const metrics: ValidationMetrics = {
    n_train: trainIdx.length,
    n_validation: validation.length,
    anomaly_rate: 0,
  };
  let validationScores: Float64Array = new Float64Array(0);
  if (validation.length > 0) {
    const picked = validation.map((i) =>
      train.features.map((f) => data.rows[i]![data.features.indexOf(f)] ?? null),
    );
    validationScores = detector.normalizedScore(
      prepareMatrix(train.features, picked, { handle_missing: 'median' }).matrix,
    );
    const flagged = validationScores.filter((s) => s > detector.threshold()).length;
    metrics.anomaly_rate = r4(flagged / validation.length);
    if (data.labels)
      Object.assign(
        metrics,
        labelMetrics(
          validationScores,
          validation.map((i) => data.labels![i]!),
          detector.threshold(),
        ),
      );
  }
  return { detector, train, metrics, trainingTime, validationScores, validation };
}

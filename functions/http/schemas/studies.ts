/** Experiments and AutoML pipelines: several detectors compared on one dataset; tenant settings. */
import { SEVERITIES } from '@pynomaly/core';
import { z } from 'zod';

const candidate = z.object({
  algorithm: z.string().min(1).max(64),
  parameters: z.record(z.string(), z.unknown()).default({}),
});

/** `POST /api/v1/experiments` (`algorithms` is a shorthand list of names). */
export const newExperimentBody = z
  .object({
    name: z.string().min(1).max(200),
    dataset_id: z.string().min(1).max(64),
    detectors: z.array(candidate).min(1).max(20).optional(),
    algorithms: z.array(z.string().min(1).max(64)).min(1).max(20).optional(),
    label_column: z.string().min(1).max(200).optional(),
    validation_split: z.number().min(0.05).max(0.5).optional(),
  })
  .refine((b) => b.detectors ?? b.algorithms, {
    message: 'detectors or algorithms is required',
    path: ['detectors'],
  });

/** `POST /api/v1/automl/create`. */
export const newPipelineBody = z.object({
  name: z.string().min(1).max(200),
  dataset_id: z.string().min(1).max(64),
  algorithms: z.array(z.string().min(1).max(64)).min(1).max(20).optional(),
  label_column: z.string().min(1).max(200).optional(),
  validation_split: z.number().min(0.05).max(0.5).optional(),
  max_trials: z.number().int().min(1).max(50).optional(),
});

/**
 * `POST …/run` and `…/start`: `async: true` queues the run and answers 202 at once, as does a
 * study estimated to take longer than a request may.
 */
export const runStudyBody = z.object({
  async: z
    .boolean()
    .default(false)
    .describe('Queue the run (202) instead of waiting; studies too large to wait for are always queued'),
});

/** `PUT /api/v1/settings/alerts`: findings of this severity or above are announced (`alert.triggered`). */
export const alertSettingsBody = z.object({ min_severity: z.enum(SEVERITIES) }).strict();

const timestamp = z.string().describe('ISO 8601');

/** An algorithm's parameters: open, as each algorithm names its own (`n_estimators`, `k`…). */
const parameters = z.record(z.string(), z.unknown());

/** One candidate as the study measured it. */
export const candidateResultAnswer = z.object({
  algorithm: z.string(),
  parameters,
  // Which metrics there are depends on the data (label metrics only with labels): open.
  metrics: z
    .record(z.string(), z.number())
    .describe(
      '`n_train`, `n_validation`, `anomaly_rate` and `expected_false_positives`; with labels also `roc_auc`, `average_precision`, `accuracy`, `precision`, `recall`, `f1`, `f1_score`',
    ),
  score: z.number().describe('What candidates are ranked by (higher is better), per `criterion`'),
  training_time: z.number().describe('Seconds'),
});

const studyFields = {
  id: z.string(),
  user_id: z.string().describe('Who created it'),
  name: z.string(),
  dataset_id: z.string(),
  candidates: z.array(z.object({ algorithm: z.string(), parameters })).describe('What it compares'),
  label_column: z.string().nullable().describe('The column of 0/1 labels, when the dataset has one'),
  validation_split: z.number().describe('Share of the rows held out to measure each candidate'),
  criterion: z
    .enum(['roc_auc', 'average_precision', 'consensus'])
    .nullable()
    .describe('How the last run ranked: by ROC-AUC with labels, else by agreement with the consensus'),
  status: z.enum(['created', 'running', 'completed', 'stopped', 'failed']),
  results: z.array(candidateResultAnswer).describe('One per candidate measured in the last run'),
  best: candidateResultAnswer.nullable(),
  best_detector_id: z.string().nullable().describe('AutoML: the detector trained with the winner'),
  error_message: z.string().nullable().describe('Why the last run failed'),
  created_at: timestamp,
  started_at: timestamp.nullable(),
  completed_at: timestamp.nullable(),
};

const exampleResult = {
  algorithm: 'ecod',
  parameters: {},
  metrics: {
    n_train: 700,
    n_validation: 300,
    anomaly_rate: 0.05,
    roc_auc: 0.9421,
    average_precision: 0.7811,
    accuracy: 0.9733,
    precision: 0.7333,
    recall: 0.7333,
    f1: 0.7333,
    f1_score: 0.7333,
    expected_false_positives: 0.05,
  },
  score: 0.9421,
  training_time: 0.031,
};

const exampleStudy = {
  id: '01JD9E2F3G4H5J6K7L8M9N0P1Q',
  user_id: 'u-4f1c2b',
  name: 'Payments: which detector?',
  dataset_id: '01JD8YX2B3C4D5E6F7G8H9J0KA',
  candidates: [
    { algorithm: 'isolation_forest', parameters: { random_state: 0 } },
    { algorithm: 'ecod', parameters: {} },
  ],
  label_column: 'is_fraud',
  validation_split: 0.3,
  criterion: 'roc_auc',
  status: 'completed',
  results: [
    { ...exampleResult, algorithm: 'isolation_forest', parameters: { random_state: 0 }, score: 0.9133 },
    exampleResult,
  ],
  best: exampleResult,
  best_detector_id: null,
  error_message: null,
  created_at: '2026-11-30T11:00:02.118Z',
  started_at: '2026-11-30T11:00:09.540Z',
  completed_at: '2026-11-30T11:00:10.212Z',
};

/** An experiment: detectors compared on one dataset. */
export const experimentAnswer = z
  .object({
    ...studyFields,
    kind: z.literal('experiment'),
    experiment_id: z.string().describe('The same as `id`'),
  })
  .meta({ examples: [{ ...exampleStudy, kind: 'experiment', experiment_id: exampleStudy.id }] });

/** An AutoML pipeline: a search over detectors; a completed run trains the winner (`best_detector_id`). */
export const pipelineAnswer = z
  .object({
    ...studyFields,
    kind: z.literal('automl'),
    pipeline_id: z.string().describe('The same as `id`'),
  })
  .meta({
    examples: [
      {
        ...exampleStudy,
        name: 'Payments AutoML',
        best_detector_id: '01JD9E5R6S7T8U9V0W1X2Y3Z4A',
        kind: 'automl',
        pipeline_id: exampleStudy.id,
      },
    ],
  });

export const experimentListAnswer = z.object({ experiments: z.array(experimentAnswer) });

export const pipelineListAnswer = z.object({ pipelines: z.array(pipelineAnswer) });

/** Autonomous mode: datasets that arrive are analysed with an automatically chosen detector. */
export const autonomousAnswer = z
  .object({
    autonomous: z.boolean().describe('The same as `enabled`'),
    enabled: z.boolean(),
    updated_at: timestamp.nullable().describe('Null until first set'),
    updated_by: z.string().nullable().describe('The user who last set it'),
  })
  .meta({
    examples: [
      { autonomous: true, enabled: true, updated_at: '2026-11-30T12:30:00.000Z', updated_by: 'u-4f1c2b' },
    ],
  });

/** Findings of `min_severity` or above are announced as `alert.triggered` (`high` until set). */
export const alertSettingsAnswer = z
  .object({
    min_severity: z.enum(SEVERITIES),
    updated_at: timestamp.nullable().describe('Null until first set'),
    updated_by: z.string().nullable().describe('The user who last set it'),
  })
  .meta({
    examples: [{ min_severity: 'medium', updated_at: '2026-11-30T12:31:10.000Z', updated_by: 'u-4f1c2b' }],
  });

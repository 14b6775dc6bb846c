/** Detectors, the models trained from them and ensembles of them. */
import { z } from 'zod';
import { row } from './common';

/** `POST /api/v1/detectors`. */
export const newDetectorBody = z
  .object({
    name: z.string().min(1).max(200),
    algorithm: z.string().min(1).max(64),
    parameters: z.record(z.string(), z.unknown()).optional(),
    description: z.string().max(2000).optional(),
  })
  .strict();

/** `PUT /api/v1/detectors/{id}`: new parameters make the detector untrained again. */
export const detectorChangesBody = z
  .object({
    name: z.string().min(1).max(200).optional(),
    description: z.string().max(2000).nullable().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** `POST /api/v1/detectors/{id}/train`. */
export const trainBody = z.object({
  dataset_id: z.string().min(1).max(64),
  validation_split: z.number().min(0).max(0.5).default(0.2),
  label_column: z.string().min(1).max(200).optional(),
  training_options: z.record(z.string(), z.unknown()).optional(),
});

/** Rows to score with a trained model: inline (`data`, optional `features`) or a stored dataset. */
export const predictBody = z
  .object({
    data: z.array(row).min(1).optional(),
    features: z.array(z.string().min(1).max(200)).optional(),
    dataset_id: z.string().min(1).max(64).optional(),
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((b) => b.data !== undefined || b.dataset_id !== undefined, {
    message: 'data or dataset_id is required',
    path: ['data'],
  });

/** `POST /api/v1/models/train`: a detector created and trained on a dataset in one step. */
export const trainModelBody = z.object({
  name: z.string().min(1).max(200),
  algorithm: z.string().min(1).max(64),
  dataset_id: z.string().min(1).max(64),
  parameters: z.record(z.string(), z.unknown()).optional(),
  description: z.string().max(2000).optional(),
  label_column: z.string().min(1).max(200).optional(),
  validation: z
    .object({
      split: z.number().min(0).max(0.5).default(0.2),
      cross_validation: z.number().int().min(0).optional(),
    })
    .optional(),
});

/** `POST /api/v1/ensembles`. */
export const newEnsembleBody = z
  .object({
    name: z.string().min(1).max(200),
    detector_ids: z.array(z.string().min(1).max(64)).min(2).max(10),
    combination: z.enum(['average', 'maximum', 'median', 'majority_vote']).default('average'),
    description: z.string().max(2000).optional(),
  })
  .strict();

const timestamp = z.string().describe('ISO 8601');

/**
 * An algorithm's parameters as given (and checked) when the detector was configured: open, as
 * each algorithm names its own (`n_estimators`, `k`, `n_bins`…).
 */
export const parametersAnswer = z
  .record(z.string(), z.unknown())
  .describe("The algorithm's parameters, as configured");

/** What training measured on the held-out rows; the label metrics only when the dataset had labels. */
export const validationMetricsAnswer = z.object({
  n_train: z.number().int().min(0).describe('Rows the model was fitted on'),
  n_validation: z.number().int().min(0).describe('Rows held out to measure it'),
  anomaly_rate: z.number().min(0).max(1).describe('Share of the held-out rows flagged'),
  roc_auc: z.number().optional(),
  average_precision: z.number().optional(),
  accuracy: z.number().optional(),
  precision: z.number().optional(),
  recall: z.number().optional(),
  f1: z.number().optional(),
  f1_score: z.number().optional().describe('The same as `f1`'),
});

/** A detector; once trained it is also a model (`model_id`). */
export const detectorAnswer = z
  .object({
    id: z.string(),
    user_id: z.string().describe('Who created it'),
    name: z.string(),
    description: z.string().nullable(),
    algorithm: z.string(),
    parameters: parametersAnswer,
    status: z.enum(['created', 'trained']),
    model_id: z
      .string()
      .nullable()
      .describe('The detector’s id once trained (it is then a model), else null'),
    feature_names: z.array(z.string()).nullable().describe('The columns it was trained on, in order'),
    dataset_id: z.string().nullable().describe('The dataset it was last trained on'),
    label_column: z.string().nullable().describe('The column of 0/1 labels training measured against'),
    training_time: z.number().nullable().describe('Seconds training took'),
    metrics: validationMetricsAnswer.nullable(),
    threshold: z.number().nullable().describe('Normalised scores above it are anomalies'),
    created_at: timestamp,
    updated_at: timestamp,
    trained_at: timestamp.nullable(),
  })
  .meta({
    examples: [
      {
        id: '01JD8Z3K6T2W9Q4R7M5N8P1XYZ',
        user_id: 'u-4f1c2b',
        name: 'Card payments',
        description: 'Nightly payment amounts',
        algorithm: 'isolation_forest',
        parameters: { n_estimators: 200, random_state: 0 },
        status: 'trained',
        model_id: '01JD8Z3K6T2W9Q4R7M5N8P1XYZ',
        feature_names: ['amount', 'hour'],
        dataset_id: '01JD8YX2B3C4D5E6F7G8H9J0KA',
        label_column: 'is_fraud',
        training_time: 0.184,
        metrics: {
          n_train: 800,
          n_validation: 200,
          anomaly_rate: 0.045,
          roc_auc: 0.9312,
          average_precision: 0.7104,
          accuracy: 0.97,
          precision: 0.7778,
          recall: 0.7,
          f1: 0.7368,
          f1_score: 0.7368,
        },
        threshold: 0.6125,
        created_at: '2026-11-30T09:12:04.211Z',
        updated_at: '2026-11-30T09:12:05.020Z',
        trained_at: '2026-11-30T09:12:05.020Z',
      },
    ],
  });

export const detectorListAnswer = z.object({ detectors: z.array(detectorAnswer) });

/** Trained detectors only. */
export const modelListAnswer = z.object({ models: z.array(detectorAnswer) });

export const detectorDeletedAnswer = z.object({ message: z.string() });

/** `POST /api/v1/models/{id}/predict`: one prediction and one score per row, in order. */
export const modelPredictionAnswer = z
  .object({
    model_id: z.string(),
    feature_names: z.array(z.string()).describe('The model’s features, the order rows were read in'),
    threshold: z.number().describe('Scores above it are anomalies'),
    predictions: z.array(z.number().int().min(0).max(1)).describe('1 = anomaly, 0 = normal'),
    scores: z.array(z.number()).describe('Normalised anomaly scores, 0 to 1'),
    processing_time: z.number().describe('Seconds'),
  })
  .meta({
    examples: [
      {
        model_id: '01JD8Z3K6T2W9Q4R7M5N8P1XYZ',
        feature_names: ['amount', 'hour'],
        threshold: 0.6125,
        predictions: [0, 1, 0],
        scores: [0.412331, 0.874102, 0.39012],
        processing_time: 0.021,
      },
    ],
  });

/** An ensemble of trained detectors combined by one rule. */
export const ensembleAnswer = z
  .object({
    id: z.string(),
    ensemble_id: z.string().describe('The same as `id`'),
    user_id: z.string().describe('Who created it'),
    name: z.string(),
    description: z.string().nullable(),
    detector_ids: z.array(z.string()).describe('Its members'),
    combination: z
      .enum(['average', 'maximum', 'median', 'majority_vote'])
      .describe('How member scores combine'),
    created_at: timestamp,
  })
  .meta({
    examples: [
      {
        id: '01JD9A1B2C3D4E5F6G7H8J9K0L',
        ensemble_id: '01JD9A1B2C3D4E5F6G7H8J9K0L',
        user_id: 'u-4f1c2b',
        name: 'Payments, two views',
        description: null,
        detector_ids: ['01JD8Z3K6T2W9Q4R7M5N8P1XYZ', '01JD8Z4M7N8P9Q0R1S2T3U4V5W'],
        combination: 'average',
        created_at: '2026-11-30T10:02:44.870Z',
      },
    ],
  });

export const ensembleListAnswer = z.object({ ensembles: z.array(ensembleAnswer) });

/** `POST /api/v1/ensembles/{id}/predict`: the combined score of each row and what each member flagged. */
export const ensemblePredictionAnswer = z
  .object({
    ensemble_id: z.string(),
    combination: ensembleAnswer.shape.combination,
    members: z.array(
      z.object({
        detector_id: z.string(),
        name: z.string(),
        algorithm: z.string(),
        anomaly_count: z.number().int().min(0).describe('Rows this member flagged on its own'),
      }),
    ),
    threshold: z.number().describe("The members' thresholds combined by the rule (0.5 for a majority vote)"),
    scores: z.array(z.number()).describe('Combined scores, one per row in order'),
    predictions: z.array(z.number().int().min(0).max(1)).describe('1 = anomaly, 0 = normal'),
  })
  .meta({
    examples: [
      {
        ensemble_id: '01JD9A1B2C3D4E5F6G7H8J9K0L',
        combination: 'average',
        members: [
          {
            detector_id: '01JD8Z3K6T2W9Q4R7M5N8P1XYZ',
            name: 'Card payments',
            algorithm: 'isolation_forest',
            anomaly_count: 1,
          },
          {
            detector_id: '01JD8Z4M7N8P9Q0R1S2T3U4V5W',
            name: 'Payments (ECOD)',
            algorithm: 'ecod',
            anomaly_count: 1,
          },
        ],
        threshold: 0.58,
        scores: [0.401, 0.861, 0.377],
        predictions: [0, 1, 0],
      },
    ],
  });

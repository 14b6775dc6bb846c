/** Detection runs: one, a batch, or a trained detector's prediction. */
import { z } from 'zod';
import { cell, row } from './common';
import { predictBody } from './detectors';

/** `POST /api/v1/detection/detect`, as seed 000/002 write it; also each entry of a batch. */
export const detectBody = z
  .object({
    data: z.array(row).min(1).optional(),
    features: z.array(z.string().min(1).max(200)).optional(),
    dataset_id: z.string().min(1).max(64).optional(),
    algorithm: z.string().min(1).max(64).default('isolation_forest'),
    parameters: z.record(z.string(), z.unknown()).optional(),
    preprocessing: z
      .object({
        normalize: z.boolean().optional(),
        handle_missing: z
          .enum(['auto', 'mean', 'median', 'zero', 'drop'])
          .optional()
          .describe(
            "Missing cells (null, empty, NaN, 'NA'…): 'auto' (default) leaves them to the algorithm, which fills or skips them as `missing.handling` then says; the others fill each feature's gaps with its mean, median or 0, or drop the rows with any",
          ),
      })
      .strict()
      .optional(),
    async: z
      .boolean()
      .optional()
      .describe(
        'Queue the run (202) instead of waiting; datasets over the synchronous cap, and runs estimated to take longer than a request may, are always queued',
      ),
  })
  .refine((b) => b.data !== undefined || b.dataset_id !== undefined, {
    message: 'data or dataset_id is required',
    path: ['data'],
  });

/**
 * `POST /api/v1/detection/batch`: each entry is checked against {@link detectBody} on its own,
 * so one bad entry fails only itself.
 */
export const detectBatchBody = z.object({
  datasets: z.array(z.record(z.string(), z.unknown())).min(1).max(50),
  algorithm: z.string().min(1).max(64).optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  parallel: z.boolean().default(true),
});

/** `GET /api/v1/detection/results`. */
export const detectionResultsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/** `POST /api/v1/detection/predict`: seed 001's detection with a trained detector. */
export const detectionPredictBody = z.intersection(
  z.object({ detector_id: z.string().min(1).max(64) }),
  predictBody,
);

/** `POST /api/v1/detection/predict`: the rows a trained detector flags, highest score first. */
export const detectionPredictAnswer = z
  .object({
    result_id: z
      .string()
      .describe('`pred_` + an id: the kept run, `GET /api/v1/detection/results/{result_id}`'),
    detector_id: z.string(),
    dataset_id: z.string().nullable().describe('The dataset scored, or null for inline data'),
    anomalies_count: z.number().int().min(0),
    anomalies: z.array(
      z.object({
        index: z.number().int().min(0).describe('The row’s position in the data'),
        score: z.number().describe('Normalised anomaly score, 0 to 1'),
        confidence: z.number().min(0).max(1).describe('How far the score is past the threshold, 0.5 to 1'),
        // Keyed by the detector's own feature names: open by nature.
        features: z.record(z.string(), cell).describe('The row’s values by feature name'),
      }),
    ),
    execution_time_seconds: z.number(),
    created_at: z.string().describe('ISO 8601'),
  })
  .meta({
    examples: [
      {
        result_id: 'pred_01JD9C7X8Y9Z0A1B2C3D4E5F6G',
        detector_id: '01JD8Z3K6T2W9Q4R7M5N8P1XYZ',
        dataset_id: null,
        anomalies_count: 1,
        anomalies: [{ index: 1, score: 0.874102, confidence: 1, features: { amount: 9800, hour: 3 } }],
        execution_time_seconds: 0.018,
        created_at: '2026-11-30T10:15:31.402Z',
      },
    ],
  });

// What the detection routes of the datasets area answer (Detect, DetectBatch, the results).

const runTimestamp = z.string().describe('ISO 8601');

/** One anomalous row of a detection run. */
export const detectedAnomalyAnswer = z.object({
  id: z.string(),
  score: z.number().describe("Normalised anomaly score in [0, 1): 0.5 is the training scores' upper fence"),
  index: z.number().int().min(0).describe('The row, from 0'),
  // Keyed by the dataset's own feature names: open by nature.
  features: z.record(z.string(), cell).describe('The row, by feature'),
});

/** A detection run without its anomalies (seed 002). */
export const detectionSummaryAnswer = z.object({
  detection_id: z.string(),
  dataset_id: z.string().nullable().describe('Null for inline rows'),
  algorithm: z.string(),
  // The caller's own algorithm parameters, as given: open by nature.
  parameters: z.record(z.string(), z.unknown()),
  detector_id: z
    .string()
    .nullable()
    .describe('The trained detector that scored the rows (a stored prediction); null for a fitted algorithm'),
  status: z.enum(['running', 'completed', 'failed']),
  error_message: z.string().nullable().describe('Why the run failed'),
  n_samples: z.number().int().min(0),
  anomaly_count: z.number().int().min(0),
  anomaly_rate: z.number().min(0).max(1),
  threshold: z.number(),
  expected_false_positives: z.number(),
  processing_time: z.number().min(0).describe('Seconds'),
  created_at: runTimestamp,
  completed_at: runTimestamp,
  progress: z
    .object({
      shards_done: z.number().int().min(0),
      shards_total: z.number().int().min(1),
    })
    .nullable()
    .describe(
      'A dataset detected in shards (too large for one function): shards scored so far; null otherwise',
    ),
  missing: z
    .object({
      cells: z.number().int().min(0).describe('Missing cells among the rows detected on'),
      rows: z.number().int().min(0).describe('Rows detected on with at least one missing cell'),
      // Keyed by the data's own feature names: open by nature.
      features: z
        .record(z.string(), z.number().int().min(1))
        .describe('Missing cells per feature, for those with any'),
      handling: z
        .enum(['median', 'skip', 'expected', 'reconstruct', 'members', 'mean', 'zero', 'drop'])
        .describe(
          "What became of them. The algorithm's own ('auto'): `median` filled with the feature's training median " +
            '(kNN, LOF, isolation forest), `skip` left out of the row’s score (z-scores, IQR), `expected` the ' +
            "feature's mean term (ECOD, COPOD, HBOS), `reconstruct` predicted from the row's other features (PCA), " +
            '`members` each ensemble member by its own rule; or the `preprocessing.handle_missing` asked for',
        ),
      rows_excluded: z
        .number()
        .int()
        .min(0)
        .describe('Rows with no value in any feature, left out of the run'),
      empty_features: z.array(z.string()).describe('Features with no value in any row, left out of the run'),
    })
    .nullable()
    .describe('Missing values and how they were treated; null when no cell was missing'),
  adjusted_parameters: z
    .array(
      z.object({
        name: z.string(),
        requested: z.union([z.number(), z.string(), z.boolean()]),
        used: z.union([z.number(), z.string(), z.boolean()]),
        reason: z.string(),
      }),
    )
    .describe(
      'Parameters the rows did not allow as given, e.g. k of kNN/LOF above the rows there are, and what was used',
    ),
});

/** A detection run and its anomalies, highest score first. */
export const detectionAnswer = detectionSummaryAnswer
  .extend({ anomalies: z.array(detectedAnomalyAnswer) })
  .meta({
    examples: [
      {
        detection_id: 'det_01JDQ7T5V7X9Z1B3D5F7H9K1M3',
        dataset_id: '01JDQ7M2K4P6R8T0V2X4Z6B8D0',
        algorithm: 'isolation_forest',
        parameters: { contamination: 0.05 },
        detector_id: null,
        status: 'completed',
        error_message: null,
        n_samples: 1000,
        anomaly_count: 1,
        anomaly_rate: 0.001,
        threshold: 0.5,
        expected_false_positives: 0.2,
        processing_time: 0.042,
        created_at: '2026-11-30T09:05:00.000Z',
        completed_at: '2026-11-30T09:05:00.042Z',
        progress: null,
        missing: {
          cells: 3,
          rows: 2,
          features: { temperature: 2, pressure: 1 },
          handling: 'median',
          rows_excluded: 0,
          empty_features: [],
        },
        adjusted_parameters: [],
        anomalies: [
          {
            id: 'a_0',
            score: 0.81,
            index: 417,
            features: { temperature: 48.2, pressure: 99.1, state: 'on' },
          },
        ],
      },
    ],
  });

/** A queued detection: the run so far, with where to poll it. */
export const detectionQueuedAnswer = detectionSummaryAnswer.extend({
  result_url: z.string().describe('`GET` it until `status` is `completed` or `failed`'),
});

/** `GET /api/v1/detection/results`: recent runs, newest first. */
export const detectionResultsAnswer = z.object({ results: z.array(detectionSummaryAnswer) });

const batchEntryFields = {
  index: z.number().int().min(0).describe('The entry, from 0'),
  name: z.string().nullable().describe("The entry's `name`, when it has one"),
};

/** One entry of a batch: its run, or why it failed (one bad entry fails only itself). */
export const detectBatchEntryAnswer = z.discriminatedUnion('status', [
  z.object({
    ...batchEntryFields,
    dataset_id: z.string().nullable(),
    detection_id: z.string(),
    status: z.literal('completed'),
    algorithm: z.string(),
    anomaly_count: z.number().int().min(0),
    anomaly_rate: z.number().min(0).max(1),
  }),
  z.object({
    ...batchEntryFields,
    dataset_id: z.string().nullable().describe("The entry's `dataset_id`, when it gave one"),
    status: z.literal('failed'),
    error: z.string(),
  }),
]);

/** `POST /api/v1/detection/batch`. */
export const detectBatchAnswer = z.object({
  batch_id: z.string(),
  results: z.array(detectBatchEntryAnswer).describe('In the order of the entries'),
});

/** `GET /api/v1/detectors/algorithms`: each algorithm with its parameters and defaults. */
export const algorithmsAnswer = z.object({
  algorithms: z.array(
    z.object({
      name: z.string().describe('What `algorithm` takes, e.g. `isolation_forest`'),
      label: z.string(),
      description: z.string(),
      family: z.enum(['proximity', 'statistical', 'ensemble', 'linear', 'isolation']),
      scoreRange: z.string(),
      complexity: z.string(),
      parameters: z.array(
        z.object({
          name: z.string(),
          type: z.enum(['int', 'float', 'enum', 'bool']),
          default: z.union([z.number(), z.string(), z.boolean()]),
          min: z.number().optional().describe('Lower bound, exclusive when `minExclusive`'),
          minExclusive: z.boolean().optional(),
          max: z.number().optional().describe('Upper bound, inclusive'),
          values: z
            .array(z.string())
            .optional()
            .describe("An `enum`'s choices; for numbers, strings accepted besides them (e.g. 'auto')"),
          description: z.string(),
        }),
      ),
      // Keyed by the algorithm's parameter names.
      defaults: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
    }),
  ),
});

/** Detection runs: one, a batch, or a trained detector's prediction. */
import { z } from 'zod';
import { row } from './common';
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
        handle_missing: z.enum(['mean', 'median', 'zero', 'drop']).optional(),
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

import { z } from 'zod';
import { row } from './common';

/**
 * `POST /api/v1/explainability/{shap,lime,feature-importance}`: a trained detector or an
 * algorithm fitted on the data, and the row to explain.
 */
export const explainBody = z
  .object({
    detector_id: z.string().min(1).max(64).optional(),
    algorithm: z.string().min(1).max(64).optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    dataset_id: z.string().min(1).max(64).optional(),
    data: z.array(row).min(2).max(50_000).optional(),
    features: z.array(z.string().min(1).max(200)).optional(),
    row_index: z.number().int().min(0).optional(),
    instance: z
      .union([z.array(z.number().nullable()), z.record(z.string(), z.number().nullable())])
      .optional(),
    label_column: z.string().min(1).max(200).optional(),
    n_samples: z.number().int().min(10).max(2000).optional(),
    seed: z.number().int().min(0).optional(),
  })
  .strict();

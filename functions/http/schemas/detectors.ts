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

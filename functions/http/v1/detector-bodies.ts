import { z } from 'zod';

const cell = z.union([z.number(), z.string(), z.boolean(), z.null()]);

export const newDetector = z
  .object({
    name: z.string().min(1).max(200),
    algorithm: z.string().min(1).max(64),
    parameters: z.record(z.string(), z.unknown()).optional(),
    description: z.string().max(2000).optional(),
  })
  .strict();

export const detectorChanges = z
  .object({
    name: z.string().min(1).max(200).optional(),
    description: z.string().max(2000).nullable().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const trainRequest = z.object({
  dataset_id: z.string().min(1).max(64),
  validation_split: z.number().min(0).max(0.5).default(0.2),
  label_column: z.string().min(1).max(200).optional(),
  training_options: z.record(z.string(), z.unknown()).optional(),
});

/** Rows to score: inline (`data`, optional `features`) or a stored dataset. */
export const predictInput = z
  .object({
    data: z
      .array(z.union([cell, z.array(cell)]))
      .min(1)
      .optional(),
    features: z.array(z.string().min(1).max(200)).optional(),
    dataset_id: z.string().min(1).max(64).optional(),
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((b) => b.data !== undefined || b.dataset_id !== undefined, {
    message: 'data or dataset_id is required',
    path: ['data'],
  });

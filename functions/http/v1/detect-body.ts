import { z } from 'zod';

const cell = z.union([z.number(), z.string(), z.boolean(), z.null()]);

/** One detection request, as seed 000/002 write it. */
export const detectBody = z
  .object({
    data: z
      .array(z.union([cell, z.array(cell)]))
      .min(1)
      .optional(),
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
  })
  .refine((b) => b.data !== undefined || b.dataset_id !== undefined, {
    message: 'data or dataset_id is required',
    path: ['data'],
  });

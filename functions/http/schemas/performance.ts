import { z } from 'zod';

/** `POST /api/v1/performance/benchmark`: the synthetic data set's size is bounded. */
export const benchmarkBody = z
  .object({
    algorithm: z.string().min(1).max(64).default('isolation_forest'),
    n_samples: z.number().int().min(10).max(100_000).default(10_000),
    n_features: z.number().int().min(1).max(50).default(10),
    seed: z.number().int().min(0).default(0),
    parameters: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

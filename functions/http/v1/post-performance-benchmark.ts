import { httpHandler, json, parseJsonBody } from '@pynomaly/core';
import { runBenchmark } from '@pynomaly/platform';
import { z } from 'zod';

const body = z
  .object({
    algorithm: z.string().min(1).max(64).default('isolation_forest'),
    n_samples: z.number().int().min(10).max(100_000).default(10_000),
    n_features: z.number().int().min(1).max(50).default(10),
    seed: z.number().int().min(0).default(0),
    parameters: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** A quick, bounded benchmark on synthetic data (1 % outliers): fit/score time and ROC-AUC. */
export const handler = httpHandler(async (event) => json(200, runBenchmark(parseJsonBody(event, body))));

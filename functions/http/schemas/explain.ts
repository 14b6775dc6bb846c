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

// The per-feature maps below are keyed by the data's own feature names: open by nature.
const byFeature = (what: string) => z.record(z.string(), z.number()).describe(what);

/** `POST /api/v1/explainability/shap`: the row's score split into each feature's contribution. */
export const shapAnswer = z
  .object({
    method: z.literal('shap'),
    exact: z.boolean().describe('Exact Shapley values (up to 10 features), else sampled permutations'),
    base_value: z.number().describe('The mean score of the background rows'),
    score: z.number().describe("The row's anomaly score: `base_value` plus the values"),
    values: byFeature('Each feature’s contribution to the score'),
    ranking: z.array(z.string()).describe('Features by absolute contribution, largest first'),
  })
  .meta({
    examples: [
      {
        method: 'shap',
        exact: true,
        base_value: 0.412,
        score: 0.874102,
        values: { amount: 0.391204, hour: 0.070898 },
        ranking: ['amount', 'hour'],
      },
    ],
  });

/** `POST /api/v1/explainability/lime`: a local linear surrogate of the score around the row. */
export const limeAnswer = z
  .object({
    method: z.literal('lime'),
    intercept: z.number(),
    weights: byFeature('Each feature’s weight in the surrogate'),
    r2: z.number().describe('How well the surrogate fits the score nearby (R²)'),
  })
  .meta({
    examples: [{ method: 'lime', intercept: 0.402, weights: { amount: 0.318, hour: 0.041 }, r2: 0.8712 }],
  });

/** `POST /api/v1/explainability/feature-importance`: global importances, summing to 1. */
export const featureImportanceAnswer = z
  .object({
    method: z
      .enum(['depth', 'permutation'])
      .describe(
        "`depth`: an isolation forest's own splits; `permutation`: the score's (or AUC's) drop when a feature is shuffled",
      ),
    importances: byFeature('Each feature’s share, all summing to 1 (all 0 when none matters)'),
  })
  .meta({ examples: [{ method: 'depth', importances: { amount: 0.7312, hour: 0.2688 } }] });

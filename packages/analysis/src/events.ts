import { z } from 'zod';

/**
 * The events the analysis emits on the product's bus. Each has a versioned JSON Schema under
 * `events/schemas/`, generated from these definitions and checked by a contract test.
 */
export const analysisCompleted = {
  source: 'pynomaly.analysis',
  detailType: 'analysis.completed',
  version: 1,
  schema: z
    .object({
      version: z.literal(1),
      tenant_id: z.string().min(1),
      dataset_id: z.string().min(1),
      session_id: z.string().min(1),
      anomalies_detected: z.number().int().min(0),
      reports_generated: z.number().int().min(0),
      processing_time_seconds: z.number().min(0),
      completed_at: z.iso.datetime(),
    })
    .strict(),
} as const;

export type AnalysisCompletedDetail = z.infer<typeof analysisCompleted.schema>;

/** Every emitted event, by the file name of its schema. */
export const emittedEvents = { 'analysis.completed.v1.json': analysisCompleted.schema } as const;

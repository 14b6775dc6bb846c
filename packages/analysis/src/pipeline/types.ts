import { z } from 'zod';

const id = z.string().min(1).max(128);

/** What each pipeline step receives: the execution input, carried through every step. */
export const analysisInput = z.object({
  tenant_id: id,
  dataset_id: id,
  session_id: id,
  /** The workbook's key in the data bucket. */
  key: z.string().min(1).max(1024),
});
export type AnalysisInput = z.infer<typeof analysisInput>;

/** Detect's output: the anomalies the Map state triages, one task each. */
export const detectOutput = analysisInput.extend({
  anomaly_ids: z.array(id),
  anomaly_count: z.number().int().min(0),
});
export type DetectOutput = z.infer<typeof detectOutput>;

/** One Map iteration's input. */
export const triageInput = z.object({
  tenant_id: id,
  dataset_id: id,
  session_id: id,
  anomaly_id: id,
  anomaly_count: z.number().int().min(0),
});
export type TriageInput = z.infer<typeof triageInput>;

/** What the Catch hands MarkFailed: the input plus Step Functions' error. */
export const failureInput = analysisInput.extend({
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});
export type FailureInput = z.infer<typeof failureInput>;

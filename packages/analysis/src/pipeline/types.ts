/** What each pipeline step receives: the execution input, carried through every step. */
export interface AnalysisInput {
  tenant_id: string;
  dataset_id: string;
  session_id: string;
  /** The workbook's key in the data bucket. */
  key: string;
}

/** Detect's output: the anomalies the Map state triages, one task each. */
export interface DetectOutput extends AnalysisInput {
  anomaly_ids: string[];
  anomaly_count: number;
}

/** One Map iteration's input. */
export interface TriageInput {
  tenant_id: string;
  dataset_id: string;
  session_id: string;
  anomaly_id: string;
  anomaly_count: number;
}

/** What the Catch hands MarkFailed: the input plus Step Functions' error. */
export interface FailureInput extends AnalysisInput {
  error?: { Error?: string; Cause?: string };
}

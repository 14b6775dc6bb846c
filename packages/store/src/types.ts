/**
 * The records of the triage product, in the snake_case shapes the `003_*` API shows.
 * Every record carries its tenant; storage keys never leave this package.
 */
import type { FindingEvidence } from '@pynomaly/logs';

/** `rejected`: never analysed, for the reason in `error_message` (e.g. over the upload quota). */
export type DatasetStatus =
  | 'uploaded'
  | 'parsing'
  | 'parsed'
  | 'analyzing'
  | 'completed'
  | 'error'
  | 'rejected';
export type SessionStatus =
  | 'pending'
  | 'parsing'
  | 'detecting'
  | 'triaging'
  | 'reporting'
  | 'completed'
  | 'error';
export type AnomalyStatus = 'detected' | 'triaging' | 'triaged' | 'resolved' | 'false_positive';
export type ReportStatus = 'pending_triage' | 'triaged' | 'under_review' | 'resolved' | 'false_positive';
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type CellValue = string | number | boolean | null;

export interface SheetSummary {
  name: string;
  index: number;
  headers: string[];
  row_count: number;
  /** Columns where some cell is formula text (`=…`) because the file holds no result for it. */
  formula_columns?: string[];
  /** Where the parsed rows live (NDJSON, one row array a line). */
  s3_key: string;
}

export interface WorkbookMeta {
  sheetNames: string[];
  sheetCount: number;
  totalRows: number;
}

export interface DatasetRecord {
  id: string;
  tenant_id: string;
  user_id: string;
  filename: string;
  original_filename: string;
  s3_key: string;
  file_size: number;
  content_type: string;
  status: DatasetStatus;
  sheet_count: number;
  total_rows: number;
  workbook_meta: WorkbookMeta | null;
  sheets: SheetSummary[];
  anomalies_detected: number;
  session_id: string;
  error_message: string | null;
  uploaded_at: string;
  parsed_at: string | null;
}

export interface SessionRecord {
  id: string;
  tenant_id: string;
  user_id: string;
  dataset_id: string;
  status: SessionStatus;
  progress: number;
  current_step: string;
  total_rows_analyzed: number;
  anomalies_detected: number;
  reports_generated: number;
  error_message: string | null;
  started_at: string;
  completed_at: string | null;
  processing_time_seconds: number | null;
}

export interface AnomalousFeature {
  feature_name: string;
  actual_value: CellValue;
  expected_value: string | number | null;
  deviation: string;
  contribution_score: number;
}

export interface AnomalyRecord {
  id: string;
  tenant_id: string;
  dataset_id: string;
  user_id: string;
  anomaly_score: number;
  row_index: number;
  sheet_name: string;
  raw_data: Record<string, CellValue>;
  anomalous_features: AnomalousFeature[];
  /** What the log analysis read in and around the row, and the incident it stands for. */
  evidence: FindingEvidence | null;
  status: AnomalyStatus;
  detected_at: string;
  triaged_at: string | null;
}

export interface ReportRecord {
  id: string;
  tenant_id: string;
  user_id: string;
  dataset_id: string;
  dataset_filename: string;
  anomaly_id: string | null;
  anomaly_score: number;
  severity: Severity;
  threat_type: string;
  /** The triage document of `003_*` (the rules engine's or a person's). */
  triage: Record<string, unknown> | null;
  status: ReportStatus;
  assigned_to: string | null;
  resolution_notes: string | null;
  user_feedback: string | null;
  created_at: string;
  triaged_at: string | null;
  reviewed_at: string | null;
  resolved_at: string | null;
}

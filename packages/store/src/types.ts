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
/** An analyst's call on a report: a real threat, not one, or real but harmless. */
export type Verdict = 'true_positive' | 'false_positive' | 'benign';
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
  /** Of `anomalies_detected`, how many a suppression rule matched (absent before rules existed). */
  anomalies_suppressed?: number;
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
  /** Of `anomalies_detected`, how many a suppression rule matched: they get no report. */
  anomalies_suppressed?: number;
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
  /** What verdicts match it by: sheet schema, entity, pattern (absent on findings detected before). */
  signature?: FindingSignature;
  /** A suppression rule matched it: kept and counted, never triaged or alerted. */
  suppressed?: boolean;
  suppression_rule_id?: string | null;
  /** An analyst called the same signature a true positive: its severity floor is one level up. */
  seen_before_true_positive?: boolean;
  true_positive_report_id?: string | null;
}

/**
 * What makes two findings "the same" for an analyst's verdict: the sheet's schema (a hash of
 * its normalized, sorted headers), the finding's key entity and its pattern.
 */
export interface FindingSignature {
  /** Derived from the other three: the key rules and marks are stored under. */
  id: string;
  /** 16 hex digits of the SHA-256 of the sheet's normalized headers, sorted. */
  schema_hash: string;
  /** `ip:…`, `host:…` or `user:…`; null when the evidence names none. */
  entity: string | null;
  /** `incident:<kind>`, or `row` with the template and events the row records. */
  pattern: string;
}

/** One change to a report, as its history shows it. */
export interface ReportChange {
  /** 1, 2, … in the order the changes were made. */
  seq: number;
  at: string;
  /** Who: the username and user id of the caller. */
  by: string;
  by_user_id: string;
  field: string;
  from: string | null;
  to: string | null;
  reason: string | null;
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
  /** The analyst's call, with why, who and when (absent or null until one is given). */
  verdict?: Verdict | null;
  verdict_reason?: string | null;
  verdict_by?: string | null;
  verdict_at?: string | null;
  /** The analyst's corrections, beside the engine's `severity` and `threat_type` (never over them). */
  analyst_severity?: Severity | null;
  analyst_threat_type?: string | null;
  /**
   * The threat type whose counter counts this report as a similar incident, or null when it
   * counts nowhere (a false-positive or benign verdict). Absent: counted under `threat_type`.
   */
  counted_as?: string | null;
  /** How many history entries the report has had: the version an update is conditioned on. */
  history_seq?: number;
  /** The signature a true-positive verdict marked (to remove the mark when the verdict goes). */
  marked_signature_id?: string | null;
}

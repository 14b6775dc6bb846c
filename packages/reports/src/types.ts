import type { Triage } from '../../triage/src';

/** Lifecycle of a report (seed API doc, sections 7 and 9). */
export const REPORT_STATUSES = [
  'pending_triage',
  'triaged',
  'under_review',
  'resolved',
  'false_positive',
] as const;

/** Lifecycle state of a report. */
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** The full anomaly report record (seed API doc, section 8). Timestamps are ISO strings. */
export interface ReportDocument {
  _id: string;
  user_id: string;
  dataset_id: string;
  /** Null for a report created by hand without an anomaly. */
  anomaly_id: string | null;
  /**
   * The rules engine's Triage, or a hand-written triage of any shape (exports check it
   * against TriageSchema); null while triage is pending or after it failed.
   */
  triage: Triage | Record<string, unknown> | null;
  status: ReportStatus;
  assigned_to: string | null;
  resolution_notes: string | null;
  user_feedback: string | null;
  created_at: string;
  triaged_at: string | null;
  reviewed_at: string | null;
  resolved_at: string | null;
}

/** Formats the export endpoint accepts. */
export const EXPORT_FORMATS = ['json', 'excel', 'pdf'] as const;

/** A format the export endpoint accepts. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A rendered export, ready to send as a download. */
export interface ExportedFile {
  body: Buffer;
  contentType: string;
  filename: string;
}

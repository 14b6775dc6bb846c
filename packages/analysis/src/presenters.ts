import type { AnomalyRecord, DatasetRecord, ReportRecord, SessionRecord } from '@pynomaly/store';
import { displayedProgress } from './pipeline/progress';

/**
 * The `003_*` response shapes. Full documents carry `_id` as the seed shows, and `id` too so
 * that clients of either convention work; tenancy fields never leave the service.
 */
export function datasetDocument(d: DatasetRecord) {
  return {
    _id: d.id,
    id: d.id,
    user_id: d.user_id,
    filename: d.filename,
    original_filename: d.original_filename,
    s3_key: d.s3_key,
    file_size: d.file_size,
    content_type: d.content_type,
    parsed_data: d.workbook_meta
      ? {
          workbookMeta: d.workbook_meta,
          sheets: d.sheets.map((s) => ({
            name: s.name,
            index: s.index,
            headers: s.headers,
            row_count: s.row_count,
            formula_columns: s.formula_columns ?? [],
          })),
        }
      : null,
    sheet_count: d.sheet_count,
    total_rows: d.total_rows,
    status: d.status,
    anomalies_detected: d.anomalies_detected,
    session_id: d.session_id,
    error_message: d.error_message,
    uploaded_at: d.uploaded_at,
    parsed_at: d.parsed_at,
  };
}

export function datasetSummary(d: DatasetRecord) {
  return {
    id: d.id,
    filename: d.original_filename,
    total_rows: d.total_rows,
    sheet_count: d.sheet_count,
    status: d.status,
    uploaded_at: d.uploaded_at,
    anomalies_detected: d.anomalies_detected,
  };
}

export function sessionDocument(s: SessionRecord) {
  return {
    _id: s.id,
    id: s.id,
    user_id: s.user_id,
    dataset_id: s.dataset_id,
    status: s.status,
    ...displayedProgress(s),
    total_rows_analyzed: s.total_rows_analyzed,
    anomalies_detected: s.anomalies_detected,
    reports_generated: s.reports_generated,
    error_message: s.error_message,
    started_at: s.started_at,
    completed_at: s.completed_at,
    processing_time_seconds: s.processing_time_seconds,
  };
}

export function anomalyDocument(a: AnomalyRecord) {
  return {
    _id: a.id,
    id: a.id,
    dataset_id: a.dataset_id,
    user_id: a.user_id,
    anomaly_score: a.anomaly_score,
    row_index: a.row_index,
    sheet_name: a.sheet_name,
    raw_data: a.raw_data,
    anomalous_features: a.anomalous_features,
    incident: a.evidence?.incident ?? null,
    evidence: a.evidence ?? null,
    status: a.status,
    detected_at: a.detected_at,
    triaged_at: a.triaged_at,
  };
}

export function reportSummary(r: ReportRecord) {
  return {
    id: r.id,
    dataset_id: r.dataset_id,
    dataset_filename: r.dataset_filename,
    severity: r.severity,
    anomaly_score: r.anomaly_score,
    status: r.status,
    created_at: r.created_at,
    threat_type: r.threat_type,
  };
}

export function reportDocument(r: ReportRecord) {
  return {
    _id: r.id,
    id: r.id,
    user_id: r.user_id,
    dataset_id: r.dataset_id,
    anomaly_id: r.anomaly_id,
    triage: r.triage,
    status: r.status,
    assigned_to: r.assigned_to,
    resolution_notes: r.resolution_notes,
    user_feedback: r.user_feedback,
    created_at: r.created_at,
    triaged_at: r.triaged_at,
    reviewed_at: r.reviewed_at,
    resolved_at: r.resolved_at,
  };
}

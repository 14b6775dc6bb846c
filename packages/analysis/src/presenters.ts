import type {
  AnomalyRecord,
  DatasetRecord,
  ReportChange,
  ReportRecord,
  SessionRecord,
  SuppressionRuleWithMatches,
} from '@pynomaly/store';
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
    anomalies_suppressed: d.anomalies_suppressed ?? 0,
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
    anomalies_suppressed: d.anomalies_suppressed ?? 0,
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
    anomalies_suppressed: s.anomalies_suppressed ?? 0,
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
    signature: a.signature ?? null,
    suppressed: a.suppressed ?? false,
    suppression_rule_id: a.suppression_rule_id ?? null,
    seen_before_true_positive: a.seen_before_true_positive ?? false,
    true_positive_report_id: a.true_positive_report_id ?? null,
    status: a.status,
    detected_at: a.detected_at,
    triaged_at: a.triaged_at,
  };
}

/** The severity a report is worked at: the analyst's correction, else the engine's. */
export const effectiveSeverity = (r: ReportRecord) => r.analyst_severity ?? r.severity;

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
    verdict: r.verdict ?? null,
    analyst_severity: r.analyst_severity ?? null,
    effective_severity: effectiveSeverity(r),
  };
}

/**
 * A full report: the seed's fields, then the engine's severity and threat type beside the
 * analyst's corrections and the effective ones, the verdict, and (from `GET` and `PATCH` of
 * one report) its `history`, oldest change first.
 */
export function reportDocument(r: ReportRecord, history?: readonly ReportChange[]) {
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
    severity: r.severity,
    threat_type: r.threat_type,
    analyst_severity: r.analyst_severity ?? null,
    analyst_threat_type: r.analyst_threat_type ?? null,
    effective_severity: effectiveSeverity(r),
    effective_threat_type: r.analyst_threat_type ?? r.threat_type,
    verdict: r.verdict ?? null,
    verdict_reason: r.verdict_reason ?? null,
    verdict_by: r.verdict_by ?? null,
    verdict_at: r.verdict_at ?? null,
    ...(history
      ? {
          history: history.map(({ seq, at, by, field, from, to, reason }) => ({
            seq,
            at,
            by,
            field,
            from,
            to,
            reason,
          })),
        }
      : {}),
  };
}

/** A suppression rule as `GET /api/anomaly/suppression-rules` lists it. */
export function suppressionRuleDocument(r: SuppressionRuleWithMatches) {
  return {
    id: r.id,
    report_id: r.report_id,
    anomaly_id: r.anomaly_id,
    dataset_id: r.dataset_id,
    sheet_name: r.sheet_name,
    schema_hash: r.signature.schema_hash,
    sheet_headers: r.sheet_headers,
    entity: r.signature.entity,
    pattern: r.signature.pattern,
    reason: r.reason,
    created_by: r.created_by,
    created_at: r.created_at,
    matches: r.matches,
  };
}

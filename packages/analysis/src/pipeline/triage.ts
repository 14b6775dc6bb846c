import { deterministicId } from '@pynomaly/core';
import type {
  AnomalyRepository,
  ReportRecord,
  ReportRepository,
  Severity,
  ThreatCounter,
} from '@pynomaly/store';
import {
  raiseForTruePositive,
  rulesOnly,
  type TriageNarrator,
  type TriageReport,
  triageAnomaly,
} from '@pynomaly/triage';
import { type AnnounceDeps, announceTriage } from './announce';
import type { PipelineStores } from './progress';
import type { TriageInput } from './types';

/** The report of an anomaly: one per anomaly, so its id follows from the anomaly's. */
export const reportIdOf = (anomalyId: string) => deterministicId('report', anomalyId);

/** A report's processing time: from the start of its triage until now, to the millisecond. */
export function withProcessingTime(
  report: TriageReport,
  startedAt: number,
  now = performance.now(),
): TriageReport {
  return { ...report, processing_time_seconds: Math.round(Math.max(0, now - startedAt)) / 1000 };
}

/**
 * Triage one anomaly with the rules engine, and the model on its floor when one is configured
 * (`narrator`), record its report and announce it (announce.ts). A retried task finds the
 * report already written and changes nothing, so no count moves twice and nothing is announced
 * twice: only the call whose conditional write stored the report announces it.
 */
export async function triageStep(
  input: TriageInput,
  deps: PipelineStores &
    AnnounceDeps & {
      anomalies: AnomalyRepository;
      reports: ReportRepository;
      threats: ThreatCounter;
      /** @default rulesOnly */
      narrator?: TriageNarrator;
    },
): Promise<{ anomaly_id: string; report_id: string; created: boolean }> {
  const { tenant_id: tenantId, anomaly_id: anomalyId } = input;
  const reportId = reportIdOf(anomalyId);
  if (await deps.reports.find(tenantId, reportId))
    return { anomaly_id: anomalyId, report_id: reportId, created: false };

  const clockStart = performance.now();
  const startedAt = new Date();
  const [anomaly, dataset] = await Promise.all([
    deps.anomalies.get(tenantId, anomalyId),
    deps.datasets.get(tenantId, input.dataset_id),
  ]);
  const preliminary = triageAnomaly(anomaly, { now: startedAt, similarIncidentsCount: 0, startedAt });
  const threatType = preliminary.threat_context.threat_type;
  const similar = await deps.threats.count(tenantId, threatType);
  const engine =
    similar === 0
      ? preliminary
      : triageAnomaly(anomaly, { now: startedAt, similarIncidentsCount: similar, startedAt });
  // A signature an analyst called a true positive before starts one level up (feedback.ts).
  const rules = anomaly.seen_before_true_positive
    ? raiseForTruePositive(engine, anomaly.true_positive_report_id ?? null)
    : engine;
  const narrator = deps.narrator ?? rulesOnly;
  const triage = withProcessingTime(await narrator.narrate(anomaly, rules, { tenantId }), clockStart);
  const finalThreatType = triage.threat_context.threat_type;
  const now = new Date().toISOString();
  const report: ReportRecord = {
    id: reportId,
    tenant_id: tenantId,
    user_id: anomaly.user_id,
    dataset_id: anomaly.dataset_id,
    dataset_filename: dataset.original_filename,
    anomaly_id: anomalyId,
    anomaly_score: anomaly.anomaly_score,
    severity: triage.severity as Severity,
    threat_type: finalThreatType,
    triage: triage as unknown as Record<string, unknown>,
    status: 'triaged',
    assigned_to: null,
    resolution_notes: null,
    user_feedback: null,
    created_at: now,
    triaged_at: now,
    reviewed_at: null,
    resolved_at: null,
  };
  const created = await deps.reports.recordTriage(
    report,
    input.session_id,
    deps.threats.key(tenantId, finalThreatType),
  );
  if (created) await announceTriage(report, deps);
  return { anomaly_id: anomalyId, report_id: reportId, created };
}

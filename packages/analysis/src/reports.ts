import { ConflictError, type Principal } from '@pynomaly/core';
import type {
  AnomalyRepository,
  DatasetRepository,
  ReportRecord,
  ReportRepository,
  ReportStatus,
  Severity,
} from '@pynomaly/store';
import { rulesOnly, type TriageNarrator, triageAnomaly } from '@pynomaly/triage';
import { reportIdOf, withProcessingTime } from './pipeline/triage';

export interface ReportChanges {
  status?: ReportStatus;
  assigned_to?: string | null;
  resolution_notes?: string | null;
  user_feedback?: string | null;
}

/** Timestamps a status change sets, and what it means for the anomaly behind the report. */
function statusEffects(status: ReportStatus | undefined, now: string): Partial<ReportRecord> {
  if (status === 'under_review') return { reviewed_at: now };
  if (status === 'resolved' || status === 'false_positive') return { resolved_at: now };
  return {};
}

/**
 * A report an analyst asks for: the triage of an anomaly that has none yet, by the rules engine
 * and the model on its floor when one is configured (`narrator`; past the tenant's token budget
 * it throws RateLimitError). An anomaly that has a report answers 409 before any model call.
 */
export async function createReport(
  principal: Principal,
  request: { anomaly_id: string } & ReportChanges,
  deps: {
    anomalies: AnomalyRepository;
    datasets: DatasetRepository;
    reports: ReportRepository;
    /** @default rulesOnly */
    narrator?: TriageNarrator;
  },
): Promise<ReportRecord> {
  const clockStart = performance.now();
  const anomaly = await deps.anomalies.get(principal.tenantId, request.anomaly_id);
  const dataset = await deps.datasets.get(principal.tenantId, anomaly.dataset_id);
  if (await deps.reports.find(principal.tenantId, reportIdOf(anomaly.id)))
    throw new ConflictError('Report already exists for this anomaly');
  const now = new Date();
  const rules = triageAnomaly(anomaly, { now, similarIncidentsCount: 0, startedAt: now });
  const narrator = deps.narrator ?? rulesOnly;
  const triage = withProcessingTime(
    await narrator.narrate(anomaly, rules, { tenantId: principal.tenantId }),
    clockStart,
  );
  const status = request.status ?? 'triaged';
  const report: ReportRecord = {
    id: reportIdOf(anomaly.id),
    tenant_id: principal.tenantId,
    user_id: principal.userId,
    dataset_id: anomaly.dataset_id,
    dataset_filename: dataset.original_filename,
    anomaly_id: anomaly.id,
    anomaly_score: anomaly.anomaly_score,
    severity: triage.severity as Severity,
    threat_type: triage.threat_context.threat_type,
    triage: triage as unknown as Record<string, unknown>,
    status,
    assigned_to: request.assigned_to ?? null,
    resolution_notes: request.resolution_notes ?? null,
    user_feedback: request.user_feedback ?? null,
    created_at: now.toISOString(),
    triaged_at: now.toISOString(),
    reviewed_at: null,
    resolved_at: null,
    ...statusEffects(status, now.toISOString()),
  };
  return deps.reports.create(report);
}

import { alertTriggered, reportTriaged, severityRank } from '@pynomaly/core';
import type { ProductEventPublisher, ReportRecord, SettingsRepository } from '@pynomaly/store';

/** Where a written report is announced, and the tenant's alert threshold. */
export interface AnnounceDeps {
  events: Pick<ProductEventPublisher, 'publish'>;
  settings: Pick<SettingsRepository, 'alerts'>;
}

/**
 * What a triage report the pipeline wrote announces on the product bus: `report.triaged`, and
 * `alert.triggered` when its severity ranks at or above the tenant's alert threshold
 * (`SETTINGS#ALERTS`, default high). The event carries that threshold as its rank (1–4).
 */
export async function announceTriage(
  report: ReportRecord,
  deps: AnnounceDeps,
): Promise<{ alerted: boolean }> {
  await deps.events.publish(reportTriaged, {
    version: 1,
    tenant_id: report.tenant_id,
    dataset_id: report.dataset_id,
    report_id: report.id,
    anomaly_id: report.anomaly_id,
    severity: report.severity,
    threat_type: report.threat_type,
    triaged_at: report.triaged_at ?? report.created_at,
  });
  const threshold = severityRank((await deps.settings.alerts(report.tenant_id)).min_severity);
  if (severityRank(report.severity) < threshold || !report.anomaly_id) return { alerted: false };
  await deps.events.publish(alertTriggered, {
    version: 1,
    tenant_id: report.tenant_id,
    dataset_id: report.dataset_id,
    anomaly_id: report.anomaly_id,
    report_id: report.id,
    severity: report.severity,
    score: report.anomaly_score,
    threshold,
    triggered_at: new Date().toISOString(),
  });
  return { alerted: true };
}

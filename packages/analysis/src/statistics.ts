import type {
  AnomalyRepository,
  DatasetRepository,
  ReportRepository,
  ReportStatus,
  Severity,
} from '@pynomaly/store';

const severities: Severity[] = ['critical', 'high', 'medium', 'low'];
const statuses: ReportStatus[] = ['pending_triage', 'triaged', 'under_review', 'resolved', 'false_positive'];

/** The tenant's totals, as `GET /api/anomaly/statistics` shows them. */
export async function statistics(
  tenantId: string,
  deps: { datasets: DatasetRepository; anomalies: AnomalyRepository; reports: ReportRepository },
) {
  const [datasets, anomalies, reports] = await Promise.all([
    deps.datasets.list(tenantId, { limit: Number.MAX_SAFE_INTEGER }),
    deps.anomalies.count(tenantId),
    deps.reports.list(tenantId, { limit: Number.MAX_SAFE_INTEGER }),
  ]);
  const by_severity = Object.fromEntries(
    severities.map((s) => [s, reports.filter((r) => r.severity === s).length]),
  );
  const by_status = Object.fromEntries(
    statuses.map((s) => [s, reports.filter((r) => r.status === s).length]),
  );
  return {
    total_datasets: datasets.length,
    total_anomalies: anomalies,
    total_reports: reports.length,
    by_severity,
    by_status,
  };
}

import type {
  AnomalyRepository,
  DatasetRepository,
  ReportRecord,
  ReportRepository,
  ReportStatus,
  Severity,
  Verdict,
} from '@pynomaly/store';

const severities: Severity[] = ['critical', 'high', 'medium', 'low'];
const statuses: ReportStatus[] = ['pending_triage', 'triaged', 'under_review', 'resolved', 'false_positive'];
const verdicts: Verdict[] = ['true_positive', 'false_positive', 'benign'];

const ratio = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

/**
 * How the engine fares against its analysts, over the reports that have a verdict:
 * - `analyst_agreement_rate`: the share of them where the analyst agrees with the engine — the
 *   verdict is `true_positive` and the analyst left the severity as the engine rated it (no
 *   `analyst_severity`, or the same one). A `false_positive` or `benign` verdict disagrees (the
 *   engine called the finding a threat), as does a true positive whose severity the analyst
 *   corrected; threat-type corrections do not count. Null with no verdict yet.
 * - `precision_by_severity`: per engine severity, true positives / (true positives + false
 *   positives); benign verdicts count in neither. Null for a severity with neither.
 */
export function verdictStatistics(reports: readonly ReportRecord[]) {
  const judged = reports.filter((r) => r.verdict);
  const agreed = judged.filter(
    (r) => r.verdict === 'true_positive' && (r.analyst_severity ?? r.severity) === r.severity,
  );
  const precision = Object.fromEntries(
    severities.map((s) => {
      const of = judged.filter((r) => r.severity === s);
      const truePositives = of.filter((r) => r.verdict === 'true_positive').length;
      const falsePositives = of.filter((r) => r.verdict === 'false_positive').length;
      return [s, ratio(truePositives, truePositives + falsePositives)];
    }),
  ) as Record<Severity, number | null>;
  return {
    by_verdict: {
      ...Object.fromEntries(verdicts.map((v) => [v, judged.filter((r) => r.verdict === v).length])),
      none: reports.length - judged.length,
    } as Record<Verdict | 'none', number>,
    analyst_agreement_rate: ratio(agreed.length, judged.length),
    precision_by_severity: precision,
  };
}

/** Days of {@link reportsByDay}: a month, the span a triage lead reviews. */
export const TREND_DAYS = 30;

const DAY_MS = 86_400_000;

/**
 * Reports created on each of the `days` UTC days up to and including `now`'s, oldest first,
 * by engine severity; days without a report are there with zeros, so a chart has no gaps.
 */
export function reportsByDay(reports: readonly ReportRecord[], now: Date, days = TREND_DAYS) {
  const today = Math.floor(now.getTime() / DAY_MS);
  const series = Array.from({ length: days }, (_, i) => ({
    date: new Date((today - days + 1 + i) * DAY_MS).toISOString().slice(0, 10),
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
  }));
  for (const report of reports) {
    const slot = series[Math.floor(Date.parse(report.created_at) / DAY_MS) - (today - days + 1)];
    if (slot) slot[report.severity]++;
  }
  return series;
}

/**
 * The tenant's totals, as `GET /api/anomaly/statistics` shows them: the seed's counts, the
 * verdict statistics above, `suppressions_applied` — the tenant's findings (of datasets not
 * deleted) that a suppression rule matched — and the last {@link TREND_DAYS} days' reports.
 */
export async function statistics(
  tenantId: string,
  deps: { datasets: DatasetRepository; anomalies: AnomalyRepository; reports: ReportRepository },
  now = new Date(),
) {
  const [datasets, anomalies, reports] = await Promise.all([
    deps.datasets.list(tenantId, { limit: Number.MAX_SAFE_INTEGER }),
    deps.anomalies.totals(tenantId),
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
    total_anomalies: anomalies.total,
    total_reports: reports.length,
    by_severity,
    by_status,
    ...verdictStatistics(reports),
    suppressions_applied: anomalies.suppressed,
    reports_by_day: reportsByDay(reports, now),
  };
}

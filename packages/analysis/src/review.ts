/** An analyst's review of a report: lifecycle (lifecycle.ts) → store transaction → feedback. */
import { type Principal, reportStatusChanged } from '@pynomaly/core';
import type {
  AnomalyRecord,
  AnomalyRepository,
  DatasetRepository,
  FeedbackRepository,
  FindingSignature,
  ProductEventPublisher,
  ReportRecord,
  ReportRepository,
} from '@pynomaly/store';
import { signatureOf, suppressionRuleFor, suppressionRuleIdOf } from './feedback';
import { markOf, planReview, type ReviewChanges } from './lifecycle';

/**
 * An analyst's update of a report (`PATCH /api/anomaly/anomaly-reports/{id}`): the status move
 * checked, every change in the report's history, the similar-incident counts and the
 * true-positive mark moved with it in one transaction; then a false-positive verdict makes
 * the suppression rule of the finding's signature (once per signature; sending the verdict
 * again makes a rule deleted since anew), a verdict taken back from false positive removes
 * the rule it made, and closing or reopening the report closes or reopens its anomaly.
 * Nothing to change (`{}`, or only what the report already says) answers it as it is.
 * A status move is announced on the product bus (`report.status_changed`, with `events`).
 */
export async function updateReport(
  principal: Principal,
  reportId: string,
  changes: ReviewChanges,
  deps: {
    anomalies: AnomalyRepository;
    datasets: DatasetRepository;
    reports: ReportRepository;
    feedback: FeedbackRepository;
    events?: Pick<ProductEventPublisher, 'publish'>;
  },
): Promise<ReportRecord> {
  const { tenantId } = principal;
  const current = await deps.reports.get(tenantId, reportId);
  const now = new Date().toISOString();
  const plan = planReview(current, changes, principal, now);
  const { from, to } = plan.verdict;
  const verdictMoves = from !== to && plan.changes.length > 0;

  let finding: { anomaly: AnomalyRecord; signature: FindingSignature; headers: string[] } | undefined;
  if ((verdictMoves || changes.verdict === 'false_positive') && current.anomaly_id) {
    const anomaly = await deps.anomalies.find(tenantId, current.anomaly_id);
    if (anomaly) finding = { anomaly, ...(await signatureOf(anomaly, deps.datasets)) };
  }

  const mark = markOf(current, plan, finding?.signature.id ?? null, now);
  const updated =
    plan.changes.length > 0
      ? await deps.reports.review(current, { ...plan, ...(mark ? { mark } : {}) })
      : current;

  if (finding && updated.verdict === 'false_positive' && changes.verdict === 'false_positive')
    await deps.feedback.putRule(suppressionRuleFor(updated, finding.anomaly, finding, principal, now));
  if (finding && verdictMoves && from === 'false_positive')
    await deps.feedback.deleteRule(tenantId, suppressionRuleIdOf(tenantId, finding.signature.id), current.id);
  if (plan.anomalyStatus && updated.anomaly_id)
    await deps.anomalies.update(tenantId, updated.anomaly_id, { status: plan.anomalyStatus });
  if (deps.events && updated.status !== current.status)
    await deps.events.publish(reportStatusChanged, {
      version: 1,
      tenant_id: tenantId,
      report_id: updated.id,
      dataset_id: updated.dataset_id,
      previous_status: current.status,
      status: updated.status,
      changed_by: principal.username,
      changed_at: now,
    });
  return updated;
}

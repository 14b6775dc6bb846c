/**
 * The feedback loop: analysts' verdicts become suppression rules (false positives) and
 * true-positive marks, which the detect step applies to every later finding of the tenant.
 */
import { deterministicId, NotFoundError, type Principal } from '@pynomaly/core';
import type {
  AnomalyRecord,
  DatasetRepository,
  FeedbackRepository,
  FeedbackState,
  FindingSignature,
  ReportRecord,
  SuppressionRuleRecord,
} from '@pynomaly/store';
import { findingSignature, listedHeaders } from './signature';

/** A tenant's rule id for a signature: one rule per signature, whichever report made it. */
export const suppressionRuleIdOf = (tenantId: string, signatureId: string) =>
  deterministicId('suppression', tenantId, signatureId);

/**
 * Marks findings by the tenant's feedback. A finding whose signature has a rule is kept with
 * `suppressed: true` and the rule's id; one whose signature an analyst called a true positive
 * gets `seen_before_true_positive: true` (and is never suppressed: a confirmed threat is not
 * hidden by another report's false-positive verdict). Answers the findings as marked and how
 * many each rule suppressed.
 */
export function applyFeedback(
  anomalies: readonly AnomalyRecord[],
  state: FeedbackState,
): { anomalies: AnomalyRecord[]; matches: Map<string, number> } {
  const matches = new Map<string, number>();
  const marked = anomalies.map((anomaly): AnomalyRecord => {
    const signature = anomaly.signature;
    const truePositive = signature ? state.truePositives.get(signature.id) : undefined;
    const rule = signature && !truePositive ? state.rules.get(signature.id) : undefined;
    if (rule) matches.set(rule.id, (matches.get(rule.id) ?? 0) + 1);
    return {
      ...anomaly,
      suppressed: rule !== undefined,
      suppression_rule_id: rule?.id ?? null,
      seen_before_true_positive: truePositive !== undefined,
      true_positive_report_id: truePositive ?? null,
    };
  });
  return { anomalies: marked, matches };
}

/**
 * The signature of the finding behind a report: the one detect stored on the anomaly, else
 * (findings detected before signatures) worked out from its sheet's headers and evidence.
 */
export async function signatureOf(
  anomaly: AnomalyRecord,
  datasets: DatasetRepository,
): Promise<{ signature: FindingSignature; headers: string[] }> {
  const dataset = await datasets.get(anomaly.tenant_id, anomaly.dataset_id);
  const headers =
    dataset.sheets.find((s) => s.name === anomaly.sheet_name)?.headers ?? Object.keys(anomaly.raw_data);
  return { signature: anomaly.signature ?? findingSignature(headers, anomaly.evidence), headers };
}

/** The rule a false-positive verdict on `report` makes. */
export function suppressionRuleFor(
  report: ReportRecord,
  anomaly: AnomalyRecord,
  found: { signature: FindingSignature; headers: string[] },
  principal: Principal,
  now: string,
): SuppressionRuleRecord {
  return {
    id: suppressionRuleIdOf(report.tenant_id, found.signature.id),
    tenant_id: report.tenant_id,
    signature: found.signature,
    sheet_headers: listedHeaders(found.headers),
    sheet_name: anomaly.sheet_name,
    report_id: report.id,
    anomaly_id: anomaly.id,
    dataset_id: report.dataset_id,
    reason: report.verdict_reason ?? '',
    created_by: principal.username,
    created_by_user_id: principal.userId,
    created_at: now,
  };
}

/** `DELETE /api/anomaly/suppression-rules/{id}`: 404 for an id the tenant has no rule under. */
export async function deleteSuppressionRule(
  tenantId: string,
  id: string,
  deps: { feedback: FeedbackRepository },
): Promise<void> {
  if (!(await deps.feedback.deleteRule(tenantId, id))) throw new NotFoundError('Suppression rule not found');
}

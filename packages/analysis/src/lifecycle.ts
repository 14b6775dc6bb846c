/**
 * A report's lifecycle: which status moves an analyst may make, how a verdict moves the status,
 * and what one update changes (fields, history, counters, marks, rules) — decided here, written
 * by the store in one transaction.
 */
import { ConflictError, UnprocessableError } from '@pynomaly/core';
import type {
  AnomalyStatus,
  ReportChange,
  ReportRecord,
  ReportReview,
  ReportStatus,
  Severity,
  Verdict,
} from '@pynomaly/store';
import { countedAs } from '@pynomaly/store';

/** What `PATCH /api/anomaly/anomaly-reports/{id}` may change. */
export interface ReviewChanges {
  status?: ReportStatus;
  assigned_to?: string | null;
  resolution_notes?: string | null;
  user_feedback?: string | null;
  /** Given together with `verdict_reason` (the route's schema insists). */
  verdict?: Verdict;
  verdict_reason?: string;
  /** null takes the correction back. */
  analyst_severity?: Severity | null;
  analyst_threat_type?: string | null;
}

/**
 * The status moves an analyst may make. Open reports go forward (a report may be closed
 * straight from `triaged`); closed ones (`resolved`, `false_positive`) only reopen to
 * `under_review`; nothing goes back to `pending_triage` or `triaged`, which triage sets.
 */
export const REPORT_TRANSITIONS: Readonly<Record<ReportStatus, readonly ReportStatus[]>> = {
  pending_triage: ['triaged', 'under_review'],
  triaged: ['under_review', 'resolved', 'false_positive'],
  under_review: ['resolved', 'false_positive'],
  resolved: ['under_review'],
  false_positive: ['under_review'],
};

/** Verdicts that say the finding is no threat: such reports are no similar incidents. */
const NOT_A_THREAT: ReadonlySet<Verdict> = new Set(['false_positive', 'benign']);

/** History keeps each value to this many characters (notes run to 10,000). */
export const HISTORY_VALUE_LIMIT = 500;

/** Who makes the update, as the history shows it. */
export interface Reviewer {
  username: string;
  userId: string;
}

/** One update, decided: what the store writes, and what follows for the anomaly and the rules. */
export interface ReviewPlan extends ReportReview {
  /** The anomaly's new status, when the report's status moves it. */
  anomalyStatus?: AnomalyStatus;
  /** The verdict before and after. */
  verdict: { from: Verdict | null; to: Verdict | null };
}

/** Throws 409 for a move {@link REPORT_TRANSITIONS} does not allow (staying put is no move). */
export function assertTransition(from: ReportStatus, to: ReportStatus): void {
  if (from === to || REPORT_TRANSITIONS[from].includes(to)) return;
  const allowed = REPORT_TRANSITIONS[from];
  throw new ConflictError(
    `A report cannot move from ${from} to ${to}; from ${from} it may move to ${allowed.join(' or ')}` +
      (from === 'resolved' || from === 'false_positive' ? ' (reopen it first)' : ''),
  );
}

/**
 * The status an update leads to: the one asked for; else `false_positive` for a
 * false-positive verdict; else `under_review` for another verdict on a report closed as a
 * false positive (it is reopened); else the status it has.
 */
function nextStatus(current: ReportRecord, changes: ReviewChanges): ReportStatus {
  if (changes.status) return changes.status;
  if (changes.verdict === 'false_positive') return 'false_positive';
  if (changes.verdict && current.status === 'false_positive') return 'under_review';
  return current.status;
}

function checkConsistency(changes: ReviewChanges, status: ReportStatus, verdict: Verdict | null): void {
  if (changes.verdict === 'false_positive' && status !== 'false_positive')
    throw new UnprocessableError(
      `A false_positive verdict closes the report as false_positive; leave status out or send false_positive, not ${status}`,
    );
  if (status === 'false_positive' && verdict !== 'false_positive')
    throw new UnprocessableError(
      'Status false_positive takes verdict "false_positive" with a verdict_reason: the verdict is what later analyses learn from',
    );
  if (status === 'resolved' && verdict === 'false_positive')
    throw new UnprocessableError(
      'A report with a false_positive verdict closes as false_positive; give another verdict to resolve it',
    );
}

const shown = (value: string | null | undefined): string | null =>
  value === null || value === undefined
    ? null
    : value.length > HISTORY_VALUE_LIMIT
      ? `${value.slice(0, HISTORY_VALUE_LIMIT - 1)}…`
      : value;

/** Timestamps a status sets: under review (or reopened) and closed. */
function statusEffects(from: ReportStatus, to: ReportStatus, now: string): Partial<ReportRecord> {
  if (to === 'under_review')
    return from === 'resolved' || from === 'false_positive'
      ? { reviewed_at: now, resolved_at: null }
      : { reviewed_at: now };
  if (to === 'resolved' || to === 'false_positive') return { resolved_at: now };
  return {};
}

/** What a status means for the anomaly behind the report. */
function anomalyStatusFor(from: ReportStatus, to: ReportStatus): AnomalyStatus | undefined {
  if (to === 'resolved' || to === 'false_positive') return to;
  if (from === 'resolved' || from === 'false_positive') return 'triaged';
  return undefined;
}

/**
 * Decides an analyst's update of a report: every field that really changes, one history entry
 * each (the reason is the request's `verdict_reason`, else its `resolution_notes`), the status
 * move checked, the similar-incident count moved (a false-positive or benign verdict takes
 * the report out; an analyst's threat type counts it there), and the true-positive mark.
 * @throws ConflictError (409) for a status move that is not allowed (checked first)
 * @throws UnprocessableError (422) for a status and verdict that contradict each other
 */
export function planReview(
  current: ReportRecord,
  changes: ReviewChanges,
  who: Reviewer,
  now: string,
): ReviewPlan {
  const verdictFrom = current.verdict ?? null;
  const verdictTo = changes.verdict ?? verdictFrom;
  const status = nextStatus(current, changes);
  assertTransition(current.status, status);
  checkConsistency(changes, status, verdictTo);

  const patch: Partial<ReportRecord> = {};
  const entries: Array<Omit<ReportChange, 'seq'>> = [];
  const reason = changes.verdict_reason ?? changes.resolution_notes ?? null;
  const record = (field: string, from: string | null, to: string | null, why: string | null = reason) =>
    entries.push({
      at: now,
      by: who.username,
      by_user_id: who.userId,
      field,
      from: shown(from),
      to: shown(to),
      reason: shown(why),
    });

  if (status !== current.status) {
    Object.assign(patch, { status }, statusEffects(current.status, status, now));
    record('status', current.status, status);
  }
  if (
    changes.verdict !== undefined &&
    (changes.verdict !== verdictFrom || changes.verdict_reason !== (current.verdict_reason ?? undefined))
  ) {
    Object.assign(patch, {
      verdict: changes.verdict,
      verdict_reason: changes.verdict_reason ?? null,
      verdict_by: who.username,
      verdict_at: now,
    });
    record('verdict', verdictFrom, changes.verdict, changes.verdict_reason ?? null);
  }
  const fields = [
    'analyst_severity',
    'analyst_threat_type',
    'assigned_to',
    'resolution_notes',
    'user_feedback',
  ] as const;
  for (const field of fields) {
    const to = changes[field];
    const from = current[field] ?? null;
    if (to === undefined || to === from) continue;
    Object.assign(patch, { [field]: to });
    record(field, from, to, field === 'resolution_notes' ? (changes.verdict_reason ?? null) : reason);
  }

  const threatType =
    (changes.analyst_threat_type !== undefined ? changes.analyst_threat_type : current.analyst_threat_type) ??
    current.threat_type;
  const counted = {
    from: countedAs(current),
    to: verdictTo && NOT_A_THREAT.has(verdictTo) ? null : threatType,
  };
  if (counted.from !== counted.to && entries.length > 0) patch.counted_as = counted.to;

  const plan: ReviewPlan = {
    patch,
    changes: entries,
    counted: entries.length > 0 ? counted : { from: counted.from, to: counted.from },
    verdict: { from: verdictFrom, to: verdictTo },
  };
  const anomalyStatus = status !== current.status ? anomalyStatusFor(current.status, status) : undefined;
  if (anomalyStatus) plan.anomalyStatus = anomalyStatus;
  return plan;
}

/** The true-positive mark an update writes or takes away, once the signature is known. */
export function markOf(
  current: ReportRecord,
  plan: ReviewPlan,
  signatureId: string | null,
  now: string,
): ReportReview['mark'] {
  const { from, to } = plan.verdict;
  if (from === to || plan.changes.length === 0) return undefined;
  if (to === 'true_positive' && signatureId) {
    plan.patch.marked_signature_id = signatureId;
    return { put: { signatureId, at: now } };
  }
  if (from === 'true_positive' && current.marked_signature_id) {
    plan.patch.marked_signature_id = null;
    return { remove: current.marked_signature_id };
  }
  return undefined;
}

import { ConflictError, UnprocessableError } from '@pynomaly/core';
import type { ReportRecord, ReportStatus } from '@pynomaly/store';
import { describe, expect, it } from 'vitest';
import { assertTransition, HISTORY_VALUE_LIMIT, markOf, planReview, REPORT_TRANSITIONS } from './lifecycle';

const who = { username: 'ana', userId: 'u-ana' };
const now = '2025-11-06T15:00:00.000Z';

function report(patch: Partial<ReportRecord> = {}): ReportRecord {
  return {
    id: 'r1',
    tenant_id: 't1',
    user_id: 'u1',
    dataset_id: 'd1',
    dataset_filename: 'logs.xlsx',
    anomaly_id: 'a1',
    anomaly_score: 0.9,
    severity: 'high',
    threat_type: 'Brute Force',
    triage: null,
    status: 'triaged',
    assigned_to: null,
    resolution_notes: null,
    user_feedback: null,
    created_at: now,
    triaged_at: now,
    reviewed_at: null,
    resolved_at: null,
    ...patch,
  };
}

const statuses = Object.keys(REPORT_TRANSITIONS) as ReportStatus[];

describe('report status transitions', () => {
  it('allows the forward moves and reopening, and staying put', () => {
    // Prepare
    const allowed: Array<[ReportStatus, ReportStatus]> = [
      ['pending_triage', 'triaged'],
      ['pending_triage', 'under_review'],
      ['triaged', 'under_review'],
      ['triaged', 'resolved'],
      ['triaged', 'false_positive'],
      ['under_review', 'resolved'],
      ['under_review', 'false_positive'],
      ['resolved', 'under_review'],
      ['false_positive', 'under_review'],
      ...statuses.map((s): [ReportStatus, ReportStatus] => [s, s]),
    ];

    // Act + Assess
    for (const [from, to] of allowed) expect(() => assertTransition(from, to), `${from}→${to}`).not.toThrow();
  });

  it('refuses every other move with 409 and a detail naming the allowed ones', () => {
    // Prepare
    const forbidden = statuses.flatMap((from) =>
      statuses
        .filter((to) => to !== from && !REPORT_TRANSITIONS[from].includes(to))
        .map((to) => [from, to] as const),
    );

    // Act + Assess
    expect(forbidden).toContainEqual(['resolved', 'triaged']);
    expect(forbidden).toContainEqual(['false_positive', 'resolved']);
    expect(forbidden).toContainEqual(['under_review', 'pending_triage']);
    for (const [from, to] of forbidden) expect(() => assertTransition(from, to)).toThrow(ConflictError);
    expect(() => assertTransition('resolved', 'triaged')).toThrow(
      'A report cannot move from resolved to triaged; from resolved it may move to under_review (reopen it first)',
    );
  });
});

describe('planReview', () => {
  it('closes a report as false_positive on a false-positive verdict, taking it out of the similar-incident count', () => {
    // Act
    const plan = planReview(
      report(),
      { verdict: 'false_positive', verdict_reason: 'Nightly backup job' },
      who,
      now,
    );

    // Assess
    expect(plan.patch).toMatchObject({
      status: 'false_positive',
      resolved_at: now,
      verdict: 'false_positive',
      verdict_reason: 'Nightly backup job',
      verdict_by: 'ana',
      verdict_at: now,
      counted_as: null,
    });
    expect(plan.changes).toEqual([
      {
        at: now,
        by: 'ana',
        by_user_id: 'u-ana',
        field: 'status',
        from: 'triaged',
        to: 'false_positive',
        reason: 'Nightly backup job',
      },
      {
        at: now,
        by: 'ana',
        by_user_id: 'u-ana',
        field: 'verdict',
        from: null,
        to: 'false_positive',
        reason: 'Nightly backup job',
      },
    ]);
    expect(plan.counted).toEqual({ from: 'Brute Force', to: null });
    expect(plan.anomalyStatus).toBe('false_positive');
    expect(plan.verdict).toEqual({ from: null, to: 'false_positive' });
  });

  it('refuses status false_positive without the verdict, and a false-positive verdict with another status (422)', () => {
    expect(() => planReview(report(), { status: 'false_positive' }, who, now)).toThrow(UnprocessableError);
    expect(() =>
      planReview(
        report(),
        { status: 'under_review', verdict: 'false_positive', verdict_reason: 'x' },
        who,
        now,
      ),
    ).toThrow(UnprocessableError);
    expect(() =>
      planReview(
        report({ status: 'under_review', verdict: 'false_positive' }),
        { status: 'resolved' },
        who,
        now,
      ),
    ).toThrow(UnprocessableError);
  });

  it('refuses a false-positive verdict on a resolved report until it is reopened (409)', () => {
    expect(() =>
      planReview(
        report({ status: 'resolved' }),
        { verdict: 'false_positive', verdict_reason: 'x' },
        who,
        now,
      ),
    ).toThrow(ConflictError);
  });

  it('reopens a false positive given another verdict, counting it again and reopening its anomaly', () => {
    // Prepare
    const closed = report({
      status: 'false_positive',
      verdict: 'false_positive',
      counted_as: null,
      resolved_at: now,
    });

    // Act
    const plan = planReview(
      closed,
      { verdict: 'true_positive', verdict_reason: 'Seen again from the same host' },
      who,
      now,
    );

    // Assess
    expect(plan.patch).toMatchObject({
      status: 'under_review',
      reviewed_at: now,
      resolved_at: null,
      counted_as: 'Brute Force',
    });
    expect(plan.counted).toEqual({ from: null, to: 'Brute Force' });
    expect(plan.anomalyStatus).toBe('triaged');
  });

  it("keeps the analyst's severity and threat type beside the engine's, counting the report under the analyst's type", () => {
    // Act
    const plan = planReview(
      report(),
      {
        analyst_severity: 'critical',
        analyst_threat_type: 'Credential Stuffing',
        verdict: 'true_positive',
        verdict_reason: 'Confirmed',
      },
      who,
      now,
    );

    // Assess
    expect(plan.patch).toMatchObject({
      analyst_severity: 'critical',
      analyst_threat_type: 'Credential Stuffing',
    });
    expect(plan.patch).not.toHaveProperty('severity');
    expect(plan.patch).not.toHaveProperty('threat_type');
    expect(plan.changes.map((c) => [c.field, c.from, c.to])).toEqual([
      ['verdict', null, 'true_positive'],
      ['analyst_severity', null, 'critical'],
      ['analyst_threat_type', null, 'Credential Stuffing'],
    ]);
    expect(plan.counted).toEqual({ from: 'Brute Force', to: 'Credential Stuffing' });
  });

  it('records nothing for values the report already has, and counts a benign verdict nowhere', () => {
    const same = planReview(
      report({ assigned_to: 'soc' }),
      { assigned_to: 'soc', status: 'triaged' },
      who,
      now,
    );
    expect(same.changes).toEqual([]);
    expect(same.patch).toEqual({});
    expect(same.counted.from).toBe(same.counted.to);

    const benign = planReview(report(), { verdict: 'benign', verdict_reason: 'Pen test' }, who, now);
    expect(benign.patch.status).toBeUndefined();
    expect(benign.counted).toEqual({ from: 'Brute Force', to: null });
  });

  it('treats a report without counted_as as counted under its engine threat type', () => {
    const plan = planReview(
      report({ counted_as: undefined }),
      { verdict: 'benign', verdict_reason: 'ok' },
      who,
      now,
    );
    expect(plan.counted.from).toBe('Brute Force');
  });

  it('cuts long values in the history, and gives notes the verdict reason only', () => {
    const long = 'n'.repeat(HISTORY_VALUE_LIMIT + 50);
    const plan = planReview(report(), { resolution_notes: long, status: 'under_review' }, who, now);
    const notes = plan.changes.find((c) => c.field === 'resolution_notes');
    expect(notes?.to).toHaveLength(HISTORY_VALUE_LIMIT);
    expect(notes?.to?.endsWith('…')).toBe(true);
    expect(notes?.reason).toBeNull();
    expect(plan.changes.find((c) => c.field === 'status')?.reason).toHaveLength(HISTORY_VALUE_LIMIT);
  });
});

describe('markOf', () => {
  it('marks the signature on a new true-positive verdict and takes the mark away with it', () => {
    const plan = planReview(report(), { verdict: 'true_positive', verdict_reason: 'Confirmed' }, who, now);
    expect(markOf(report(), plan, 'sig1', now)).toEqual({ put: { signatureId: 'sig1', at: now } });
    expect(plan.patch.marked_signature_id).toBe('sig1');

    const marked = report({ verdict: 'true_positive', marked_signature_id: 'sig1' });
    const back = planReview(marked, { verdict: 'benign', verdict_reason: 'Admin test' }, who, now);
    expect(markOf(marked, back, 'sig1', now)).toEqual({ remove: 'sig1' });
    expect(back.patch.marked_signature_id).toBeNull();

    const again = planReview(
      marked,
      { verdict: 'true_positive', verdict_reason: 'Still confirmed' },
      who,
      now,
    );
    expect(markOf(marked, again, 'sig1', now)).toBeUndefined();
  });
});

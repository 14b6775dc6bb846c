import { ConflictError, type Principal, type ProductEventDefinition } from '@pynomaly/core';
import type {
  AnomalyRecord,
  AnomalyRepository,
  DatasetRecord,
  DatasetRepository,
  FeedbackRepository,
  ReportRecord,
  ReportRepository,
  ReportReview,
  SuppressionRuleRecord,
} from '@pynomaly/store';
import { describe, expect, it } from 'vitest';
import { suppressionRuleIdOf } from './feedback';
import { updateReport } from './review';
import { findingSignature } from './signature';

const principal = { tenantId: 't1', userId: 'u1', username: 'ana' } as Principal;
const headers = ['username', 'event_time', 'source_ip'];
const evidence = {
  columns: {},
  events: ['auth_failure'],
  template: null,
  source: null,
  destination: null,
  ports: [],
  users: ['admin'],
  timing: null,
  quantities: [],
  attempts: null,
  incident: {
    kind: 'brute_force',
    row_count: 1,
    rows: [101],
    source_ips: ['91.240.118.172'],
    source_hosts: [],
    users: ['admin'],
    failures: 240,
    unknown_accounts: 0,
    failures_before: 0,
    ports: [],
    destinations: 0,
    started_at: null,
    ended_at: null,
    duration_seconds: null,
  },
} as const;
const signature = findingSignature(headers, evidence as unknown as AnomalyRecord['evidence']);

/** Stores around one report, recording what they are asked to write. */
function stores(report: Partial<ReportRecord> = {}, anomaly: Partial<AnomalyRecord> = {}) {
  const stored = {
    id: 'r1',
    tenant_id: 't1',
    dataset_id: 'd1',
    status: 'triaged',
    anomaly_id: 'a1',
    assigned_to: null,
    threat_type: 'Brute Force',
    severity: 'high',
    ...report,
  } as ReportRecord;
  const reviews: ReportReview[] = [];
  const anomalyUpdates: unknown[] = [];
  const rules: SuppressionRuleRecord[] = [];
  const deleted: unknown[] = [];
  return {
    reviews,
    anomalyUpdates,
    rules,
    deleted,
    deps: {
      reports: {
        get: async () => stored,
        review: async (current: ReportRecord, review: ReportReview) => {
          reviews.push(review);
          return { ...current, ...review.patch };
        },
      } as unknown as ReportRepository,
      anomalies: {
        find: async () => ({
          id: 'a1',
          tenant_id: 't1',
          dataset_id: 'd1',
          sheet_name: 'Authentication',
          raw_data: {},
          evidence,
          ...anomaly,
        }),
        update: async (...args: unknown[]) => void anomalyUpdates.push(args),
      } as unknown as AnomalyRepository,
      datasets: {
        get: async () => ({ sheets: [{ name: 'Authentication', headers }] }) as unknown as DatasetRecord,
      } as unknown as DatasetRepository,
      feedback: {
        putRule: async (rule: SuppressionRuleRecord) => {
          rules.push(rule);
          return { rule, created: true };
        },
        deleteRule: async (...args: unknown[]) => {
          deleted.push(args);
          return true;
        },
      } as unknown as FeedbackRepository,
    },
  };
}

describe('updateReport', () => {
  it('answers the report unchanged for nothing to change, writing nothing', async () => {
    const { deps, reviews } = stores({ assigned_to: 'soc' });
    expect(await updateReport(principal, 'r1', {}, deps)).toMatchObject({ id: 'r1' });
    expect(await updateReport(principal, 'r1', { assigned_to: 'soc' }, deps)).toMatchObject({ id: 'r1' });
    expect(reviews).toEqual([]);
  });

  it('writes what changes with its history and closes the anomaly it resolves', async () => {
    // Act
    const { deps, reviews, anomalyUpdates } = stores();
    const updated = await updateReport(principal, 'r1', { status: 'resolved', assigned_to: 'sec' }, deps);

    // Assess
    expect(updated).toMatchObject({
      status: 'resolved',
      assigned_to: 'sec',
      resolved_at: expect.any(String),
    });
    expect(reviews[0]?.changes.map((c) => [c.field, c.from, c.to, c.by])).toEqual([
      ['status', 'triaged', 'resolved', 'ana'],
      ['assigned_to', null, 'sec', 'ana'],
    ]);
    expect(anomalyUpdates).toEqual([['t1', 'a1', { status: 'resolved' }]]);
  });

  it('announces a status move as report.status_changed, and nothing else', async () => {
    // Prepare
    const { deps } = stores();
    const published: Array<[string, unknown]> = [];
    const events = {
      publish: async (definition: ProductEventDefinition, detail: unknown) =>
        void published.push([definition.detailType, definition.schema.parse(detail)]),
    };

    // Act
    await updateReport(principal, 'r1', { assigned_to: 'sec' }, { ...deps, events });
    await updateReport(principal, 'r1', { status: 'resolved' }, { ...deps, events });

    // Assess
    expect(published).toEqual([
      [
        'report.status_changed',
        {
          version: 1,
          tenant_id: 't1',
          report_id: 'r1',
          dataset_id: 'd1',
          previous_status: 'triaged',
          status: 'resolved',
          changed_by: 'ana',
          changed_at: expect.any(String),
        },
      ],
    ]);
  });

  it('makes the suppression rule of the finding on a false-positive verdict', async () => {
    // Act
    const { deps, rules, anomalyUpdates } = stores();
    await updateReport(
      principal,
      'r1',
      { verdict: 'false_positive', verdict_reason: 'Pen test from our red team' },
      deps,
    );

    // Assess
    expect(rules).toEqual([
      expect.objectContaining({
        id: suppressionRuleIdOf('t1', signature.id),
        signature,
        report_id: 'r1',
        anomaly_id: 'a1',
        sheet_name: 'Authentication',
        sheet_headers: ['event_time', 'source_ip', 'username'],
        reason: 'Pen test from our red team',
        created_by: 'ana',
      }),
    ]);
    expect(anomalyUpdates).toEqual([['t1', 'a1', { status: 'false_positive' }]]);
  });

  it('uses the signature detect stored on the anomaly', async () => {
    const stored = { ...signature, id: 'stored-signature' };
    const { deps, rules } = stores({}, { signature: stored });
    await updateReport(principal, 'r1', { verdict: 'false_positive', verdict_reason: 'x' }, deps);
    expect(rules[0]?.signature).toEqual(stored);
  });

  it('removes the rule its verdict made when the verdict is taken back, and marks a true positive', async () => {
    // Act
    const { deps, deleted, reviews } = stores({
      status: 'false_positive',
      verdict: 'false_positive',
      counted_as: null,
    });
    const updated = await updateReport(
      principal,
      'r1',
      { verdict: 'true_positive', verdict_reason: 'Real after all' },
      deps,
    );

    // Assess
    expect(updated.status).toBe('under_review');
    expect(deleted).toEqual([['t1', suppressionRuleIdOf('t1', signature.id), 'r1']]);
    expect(reviews[0]?.mark).toEqual({ put: { signatureId: signature.id, at: expect.any(String) } });
    expect(reviews[0]?.counted).toEqual({ from: null, to: 'Brute Force' });
  });

  it('refuses a forbidden move before writing anything', async () => {
    const { deps, reviews } = stores({ status: 'resolved' });
    await expect(updateReport(principal, 'r1', { status: 'triaged' }, deps)).rejects.toThrow(ConflictError);
    expect(reviews).toEqual([]);
  });
});

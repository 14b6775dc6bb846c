import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { newId } from '@pynomaly/core';
import { type ReportRecord, ReportRepository, Table, ThreatCounter } from '@pynomaly/store';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser } from '../support/aws';
import { authed, login, waitForAnalysis } from '../support/client';
import { securityLogsWorkbook } from '../support/security-logs';

/**
 * Issue #11 parts 3 and 4 against the local stack: verdicts and the report lifecycle, the
 * suppression rules a false positive makes and what they do to the next upload, the priority
 * a true positive gives, and the statistics. One analyst of its own (a tenant of its own), three
 * uploads of the same workbook.
 */
type Json = Record<string, unknown>;
type Anomaly = Json & {
  id: string;
  sheet_name: string;
  row_index: number;
  suppressed: boolean;
  suppression_rule_id: string | null;
  seen_before_true_positive: boolean;
  signature: { id: string; entity: string | null; pattern: string };
  evidence: { incident: { kind: string } | null } | null;
};
type Report = Json & {
  id: string;
  anomaly_id: string;
  status: string;
  severity: string;
  triage: Json & { severity: string; reasoning: string[]; similar_incidents_count: number };
  history: Array<Json & { field: string; from: string | null; to: string | null }>;
};

const LEVELS = ['low', 'medium', 'high', 'critical'];
const oneUp = (severity: string) => LEVELS[Math.min(LEVELS.indexOf(severity) + 1, 3)];
const suffix = Date.now().toString(36);

describe('verdicts, suppression rules and the feedback loop', () => {
  let call: ReturnType<typeof authed>;
  let other: ReturnType<typeof authed>;
  let username: string;
  const workbook = securityLogsWorkbook().file;

  const json = async <T = Json>(path: string, init?: RequestInit): Promise<T> => {
    const response = await call(path, init);
    expect(response.status, `${init?.method ?? 'GET'} ${path}`).toBeLessThan(300);
    return (await response.json()) as T;
  };
  const patch = (id: string, body: Json) =>
    call(`/api/anomaly/anomaly-reports/${id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  /** Uploads the workbook and waits for its analysis: the dataset id, its anomalies and full reports. */
  async function analyse(name: string) {
    const data = new FormData();
    data.append('file', new Blob([workbook]), name);
    const { _id: id } = await json<{ _id: string }>('/api/anomaly/datasets/upload', {
      method: 'POST',
      body: data,
    });
    const { session } = await waitForAnalysis(await login(username, 'Feedback-password-1'), id);
    expect(session.status).toBe('completed');
    const anomalies = await json<Anomaly[]>(`/api/anomaly/datasets/${id}/anomalies`);
    const summaries = await json<Json[]>(`/api/anomaly/anomaly-reports?dataset_id=${id}`);
    const reports = await Promise.all(
      summaries.map((s) => json<Report>(`/api/anomaly/anomaly-reports/${s.id}`)),
    );
    return { id, session: session as unknown as Json, anomalies, reports };
  }
  const bruteForce = (anomalies: Anomaly[]) => {
    const found = anomalies.find((a) => a.evidence?.incident?.kind === 'brute_force');
    if (!found) throw new Error('no brute-force finding');
    return found;
  };

  let first: Awaited<ReturnType<typeof analyse>>;
  let falsePositive: Report;
  let truePositive: Report;
  let ruleId: string;

  beforeAll(async () => {
    username = `feedback-${suffix}`;
    await createUser(username, 'Feedback-password-1');
    await createUser(`intruder-${suffix}`, 'Intruder-password-1');
    call = authed(await login(username, 'Feedback-password-1'));
    other = authed(await login(`intruder-${suffix}`, 'Intruder-password-1'));
    first = await analyse('week1.xlsx');
    const bf = bruteForce(first.anomalies);
    falsePositive = first.reports.find((r) => r.anomaly_id === bf.id) as Report;
    // The least severe other report, for a true positive whose raise shows.
    truePositive = first.reports
      .filter((r) => r.anomaly_id !== bf.id && r.severity !== 'critical')
      .sort((a, b) => LEVELS.indexOf(a.severity) - LEVELS.indexOf(b.severity))[0] as Report;
    expect(falsePositive).toBeDefined();
    expect(truePositive).toBeDefined();
    expect(falsePositive.triage.similar_incidents_count).toBe(0);
  });

  it('refuses forbidden status moves (409) and contradictory verdicts (422), with a clear detail', async () => {
    const back = await patch(falsePositive.id, { status: 'pending_triage' });
    expect(back.status).toBe(409);
    expect(back.headers.get('content-type')).toContain('application/problem+json');
    expect(((await back.json()) as Json).detail).toBe(
      'A report cannot move from triaged to pending_triage; from triaged it may move to under_review or resolved or false_positive',
    );
    const bare = await patch(falsePositive.id, { status: 'false_positive' });
    expect(bare.status).toBe(422);
    expect(((await bare.json()) as Json).detail).toMatch(
      /takes verdict "false_positive" with a verdict_reason/,
    );
    const reasonless = await patch(falsePositive.id, { verdict: 'false_positive' });
    expect(reasonless.status).toBe(400);
    expect(JSON.stringify(await reasonless.json())).toContain('verdict_reason');
  });

  it("keeps the analyst's severity and threat type beside the engine's", async () => {
    const response = await patch(falsePositive.id, {
      status: 'under_review',
      assigned_to: 'soc@hospital.sg',
      analyst_severity: 'low',
      analyst_threat_type: 'Authorized Security Testing',
    });
    expect(response.status).toBe(200);
    const report = (await response.json()) as Report;
    expect(report).toMatchObject({
      status: 'under_review',
      severity: falsePositive.severity,
      threat_type: falsePositive.threat_type,
      analyst_severity: 'low',
      analyst_threat_type: 'Authorized Security Testing',
      effective_severity: 'low',
      effective_threat_type: 'Authorized Security Testing',
      verdict: null,
    });
    expect(report.triage.severity).toBe(falsePositive.severity);
  });

  it('takes a false-positive verdict with its reason, closes the report, lists every change, and makes a rule', async () => {
    const response = await patch(falsePositive.id, {
      verdict: 'false_positive',
      verdict_reason: 'Scheduled penetration test by our red team',
    });
    expect(response.status).toBe(200);
    const report = (await response.json()) as Report;
    expect(report).toMatchObject({
      status: 'false_positive',
      verdict: 'false_positive',
      verdict_reason: 'Scheduled penetration test by our red team',
      verdict_by: username,
      resolved_at: expect.any(String),
    });
    const history = (await json<Report>(`/api/anomaly/anomaly-reports/${falsePositive.id}`)).history;
    expect(history.map((h) => [h.field, h.from, h.to])).toEqual([
      ['status', 'triaged', 'under_review'],
      ['analyst_severity', null, 'low'],
      ['analyst_threat_type', null, 'Authorized Security Testing'],
      ['assigned_to', null, 'soc@hospital.sg'],
      ['status', 'under_review', 'false_positive'],
      ['verdict', null, 'false_positive'],
    ]);
    expect(history.at(-1)).toMatchObject({
      seq: 6,
      by: username,
      at: expect.any(String),
      reason: 'Scheduled penetration test by our red team',
    });
    // The same verdict again changes nothing and writes no history.
    await patch(falsePositive.id, {
      verdict: 'false_positive',
      verdict_reason: 'Scheduled penetration test by our red team',
    });
    expect((await json<Report>(`/api/anomaly/anomaly-reports/${falsePositive.id}`)).history).toHaveLength(6);

    const rules = await json<Json[]>('/api/anomaly/suppression-rules');
    expect(rules).toEqual([
      {
        id: expect.any(String),
        report_id: falsePositive.id,
        anomaly_id: falsePositive.anomaly_id,
        dataset_id: first.id,
        sheet_name: 'Authentication',
        schema_hash: expect.stringMatching(/^[0-9a-f]{16}$/),
        sheet_headers: ['event', 'event_time', 'failed_attempts', 'mfa_used', 'source_ip', 'username'],
        entity: 'ip:91.240.118.172',
        pattern: 'incident:brute_force',
        reason: 'Scheduled penetration test by our red team',
        created_by: username,
        created_at: expect.any(String),
        matches: 0,
      },
    ]);
    ruleId = String(rules[0]?.id);
  });

  it('takes a true-positive verdict, and counts agreement and precision', async () => {
    const response = await patch(truePositive.id, {
      verdict: 'true_positive',
      verdict_reason: 'Confirmed with the user',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ verdict: 'true_positive', status: truePositive.status });

    const stats = await json<Json & { precision_by_severity: Json }>('/api/anomaly/statistics');
    expect(stats).toMatchObject({
      by_verdict: { true_positive: 1, false_positive: 1, benign: 0, none: first.reports.length - 2 },
      // One verdict agrees with the engine (the true positive at its severity), one does not.
      analyst_agreement_rate: 0.5,
      suppressions_applied: 0,
    });
    const precision = stats.precision_by_severity;
    if (truePositive.severity === falsePositive.severity) expect(precision[truePositive.severity]).toBe(0.5);
    else {
      expect(precision[truePositive.severity]).toBe(1);
      expect(precision[falsePositive.severity]).toBe(0);
    }
  });

  it('hides the rules from another tenant, who cannot delete them either (404)', async () => {
    expect(await (await other('/api/anomaly/suppression-rules')).json()).toEqual([]);
    expect((await other(`/api/anomaly/suppression-rules/${ruleId}`, { method: 'DELETE' })).status).toBe(404);
    expect(
      (
        await other(`/api/anomaly/anomaly-reports/${falsePositive.id}`, {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json' },
          body: '{"assigned_to":"me"}',
        })
      ).status,
    ).toBe(404);
    expect(await json<Json[]>('/api/anomaly/suppression-rules')).toHaveLength(1);
  });

  it('suppresses the same finding on re-upload and raises the true positive, and the statistics say so', async () => {
    // Act
    const second = await analyse('week2.xlsx');

    // Assess: the false positive's finding is kept, counted and suppressed, with no report.
    const bf = bruteForce(second.anomalies);
    expect(bf).toMatchObject({ suppressed: true, suppression_rule_id: ruleId, status: 'detected' });
    expect(second.anomalies).toHaveLength(first.anomalies.length);
    expect(second.reports.map((r) => r.anomaly_id)).not.toContain(bf.id);
    expect(second.reports).toHaveLength(first.reports.length - 1);
    expect(second.session).toMatchObject({
      anomalies_detected: first.anomalies.length,
      anomalies_suppressed: 1,
    });
    expect(await json(`/api/anomaly/datasets/${second.id}`)).toMatchObject({ anomalies_suppressed: 1 });
    expect((await json<Json[]>('/api/anomaly/suppression-rules'))[0]).toMatchObject({
      id: ruleId,
      matches: 1,
    });

    // The true positive's signature comes back one level up, saying why.
    const marked = first.anomalies.find((a) => a.id === truePositive.anomaly_id) as Anomaly;
    const again = second.anomalies.filter((a) => a.signature.id === marked.signature.id);
    expect(again.length).toBeGreaterThan(0);
    for (const anomaly of again) {
      expect(anomaly).toMatchObject({ seen_before_true_positive: true, suppressed: false });
      const before = first.reports.find(
        (r) =>
          first.anomalies.find((a) => a.id === r.anomaly_id)?.row_index === anomaly.row_index &&
          first.anomalies.find((a) => a.id === r.anomaly_id)?.sheet_name === anomaly.sheet_name,
      ) as Report;
      const after = second.reports.find((r) => r.anomaly_id === anomaly.id) as Report;
      expect(after.severity).toBe(oneUp(before.severity));
      expect(after.triage.reasoning.at(-1)).toMatch(/confirmed a true positive \(report /);
    }

    const stats = await json<Json>('/api/anomaly/statistics');
    expect(stats).toMatchObject({ suppressions_applied: 1, analyst_agreement_rate: 0.5 });
    expect(stats.total_anomalies).toBe(2 * first.anomalies.length);
  });

  it('reopens and re-judges within the allowed moves only', async () => {
    const closed = await patch(falsePositive.id, { status: 'resolved' });
    expect(closed.status).toBe(409);
    expect(((await closed.json()) as Json).detail).toMatch(
      /from false_positive it may move to under_review \(reopen it first\)/,
    );
  });

  it('stops suppressing once the rule is deleted, and counts no false positive as a similar incident', async () => {
    expect((await call(`/api/anomaly/suppression-rules/${ruleId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/api/anomaly/suppression-rules/${ruleId}`, { method: 'DELETE' })).status).toBe(404);
    expect(await json<Json[]>('/api/anomaly/suppression-rules')).toEqual([]);

    const third = await analyse('week3.xlsx');
    const bf = bruteForce(third.anomalies);
    expect(bf).toMatchObject({ suppressed: false, suppression_rule_id: null });
    expect(third.session).toMatchObject({ anomalies_suppressed: 0 });
    const report = third.reports.find((r) => r.anomaly_id === bf.id) as Report;
    expect(report.status).toBe('triaged');
    // The only earlier report of its kind was called a false positive: no similar incident.
    expect(report.triage).toMatchObject({ similar_incidents_count: 0, historical_context: null });
  });
});

describe('similar-incident counts against DynamoDB Local', () => {
  const local = inject('local');
  const dynamo = new DynamoDBClient({
    region: local.region,
    endpoint: local.dynamodb_endpoint,
    credentials: { accessKeyId: local.aws_access_key_id, secretAccessKey: local.aws_secret_access_key },
  });
  const table = new Table(DynamoDBDocumentClient.from(dynamo), local.table_name);
  const reports = new ReportRepository(table);
  const threats = new ThreatCounter(table);
  afterAll(() => dynamo.destroy());

  const record = (tenantId: string, id: string, datasetId: string): ReportRecord => ({
    id,
    tenant_id: tenantId,
    user_id: 'u',
    dataset_id: datasetId,
    dataset_filename: 'x.xlsx',
    anomaly_id: null,
    anomaly_score: 0.9,
    severity: 'high',
    threat_type: 'Brute Force',
    triage: null,
    status: 'triaged',
    assigned_to: null,
    resolution_notes: null,
    user_feedback: null,
    created_at: new Date().toISOString(),
    triaged_at: null,
    reviewed_at: null,
    resolved_at: null,
  });

  it('go down when a report is deleted, alone or with its dataset, and when it is called a false positive', async () => {
    // Prepare
    const tenantId = `tenant-${newId()}`;
    for (const [id, dataset] of [
      ['r1', 'd1'],
      ['r2', 'd1'],
      ['r3', 'd2'],
      ['r4', 'd2'],
    ] as const)
      await reports.create(record(tenantId, id, dataset));
    expect(await threats.count(tenantId, 'Brute Force')).toBe(4);

    // Act + Assess
    await reports.remove(tenantId, 'r4');
    expect(await threats.count(tenantId, 'Brute Force')).toBe(3);
    const r3 = await reports.get(tenantId, 'r3');
    await reports.review(r3, {
      patch: { verdict: 'false_positive', counted_as: null },
      changes: [
        {
          at: 'now',
          by: 'ana',
          by_user_id: 'u',
          field: 'verdict',
          from: null,
          to: 'false_positive',
          reason: 'x',
        },
      ],
      counted: { from: 'Brute Force', to: null },
    });
    expect(await threats.count(tenantId, 'Brute Force')).toBe(2);
    // A false positive deleted takes nothing more off; its history goes with it.
    await reports.remove(tenantId, 'r3');
    expect(await threats.count(tenantId, 'Brute Force')).toBe(2);
    expect(await reports.history(tenantId, 'r3')).toEqual([]);
    await reports.removeByDataset(tenantId, 'd1');
    expect(await threats.count(tenantId, 'Brute Force')).toBe(0);
    expect(await reports.list(tenantId, { limit: 10 })).toEqual([]);
  });
});

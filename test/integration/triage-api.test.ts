import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { makeXlsx } from '../../packages/ingest/src/testing/make-xlsx';
import { awsCli, createUser, executionNames } from '../support/aws';
import { authed, login, waitForAnalysis } from '../support/client';
import { securityLogsWorkbook } from '../support/security-logs';

type Json = Record<string, unknown>;

function form(name: string, body: Buffer | string, type = 'application/octet-stream'): FormData {
  const data = new FormData();
  data.append('file', new Blob([body], { type }), name);
  return data;
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('condition not met in time');
}

describe('triage API against the local stack', () => {
  let call: ReturnType<typeof authed>;
  let workbook: Buffer;

  beforeAll(async () => {
    call = authed(await login());
    workbook = securityLogsWorkbook().file;
  });

  const datasetCount = async () =>
    ((await (await call('/api/anomaly/datasets?limit=100')).json()) as Json[]).length;

  it('refuses a body over 10 MB at the gateway, with an RFC 7807 problem, storing nothing', async () => {
    const before = await datasetCount();
    const response = await call('/api/anomaly/datasets/upload', {
      method: 'POST',
      body: form('big.xlsx', Buffer.alloc(11 * 1024 * 1024, 1)),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as Json).status).toBe(413);
    expect(await datasetCount()).toBe(before);
  });

  it('records bad files as rejected datasets that say why, their sessions in error, analysing nothing', async () => {
    const cases: Array<[string, FormData, RegExp]> = [
      ['wrong extension', form('logs.csv', 'a,b\n1,2\n', 'text/csv'), /only \.xlsx/i],
      ['not a zip', form('logs.xlsx', 'user,time\nalice,09:00\n'), /not a valid \.xlsx|zip/i],
      ['header only', form('logs.xlsx', makeXlsx([{ name: 'S', rows: [['user', 'time']] }])), /no data/i],
      ['empty workbook', form('logs.xlsx', makeXlsx([{ name: 'S', rows: [] }])), /no data/i],
      [
        'no file field',
        (() => {
          const data = new FormData();
          data.append('note', 'no file here');
          return data;
        })(),
        /no "file"/i,
      ],
    ];
    for (const [label, body, reason] of cases) {
      const response = await call('/api/anomaly/datasets/upload', { method: 'POST', body });
      expect(response.status, label).toBe(201);
      const { _id: id } = (await response.json()) as Json;
      const { session } = await waitForAnalysis(await login(), String(id));
      expect(session, label).toMatchObject({ status: 'error', reports_generated: 0 });
      expect(session.error_message, label).toMatch(reason);
      const dataset = (await (await call(`/api/anomaly/datasets/${id}`)).json()) as Json;
      expect(dataset, label).toMatchObject({ status: 'rejected', total_rows: 0 });
      expect(JSON.stringify(dataset), label).not.toMatch(/at \w+ \(|node_modules/);
      const anomalies = (await (await call(`/api/anomaly/datasets/${id}/anomalies`)).json()) as Json[];
      expect(anomalies, label).toHaveLength(0);
    }
  });

  it('uploads a workbook, shows its progress and lists anomalies and reports with filters', async () => {
    const response = await call('/api/anomaly/datasets/upload', {
      method: 'POST',
      body: form('security_logs.xlsx', workbook),
    });
    expect(response.status).toBe(201);
    const dataset = (await response.json()) as Json;
    // The gateway stored the form: the answer is the dataset as far as the request tells.
    expect(dataset).toMatchObject({ status: 'uploaded', parsed_data: null, sheet_count: 0 });
    expect(dataset._id).toBe(response.headers.get('x-request-id'));
    expect(String(dataset.uploaded_at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const { session, seen } = await waitForAnalysis(await login(), String(dataset._id));
    expect(session.status).toBe('completed');
    expect(new Set(seen.map((s) => s.status)).size).toBeGreaterThan(1);

    const full = (await (await call(`/api/anomaly/datasets/${dataset._id}`)).json()) as Json & {
      parsed_data: Json;
    };
    expect(full).toMatchObject({ original_filename: 'security_logs.xlsx', status: 'completed' });
    expect(full.parsed_data.workbookMeta).toEqual({
      sheetNames: ['Access Logs', 'Network Traffic', 'Authentication'],
      sheetCount: 3,
      totalRows: 654,
    });
    const anomalies = (await (
      await call(`/api/anomaly/datasets/${dataset._id}/anomalies?min_score=0.5`)
    ).json()) as Json[];
    expect(anomalies.length).toBeGreaterThan(0);
    expect(anomalies.every((a) => Number(a.anomaly_score) >= 0.5)).toBe(true);
    const critical = (await (
      await call(`/api/anomaly/anomaly-reports?dataset_id=${dataset._id}&severity=critical`)
    ).json()) as Json[];
    expect(critical.every((r) => r.severity === 'critical')).toBe(true);
    const limited = (await (
      await call(`/api/anomaly/anomaly-reports?dataset_id=${dataset._id}&limit=1`)
    ).json()) as Json[];
    expect(limited).toHaveLength(1);
    const stats = (await (await call('/api/anomaly/statistics')).json()) as Json;
    expect(Number(stats.total_reports)).toBeGreaterThan(0);
    // Today's reports are in the trend's last day, which counts them all by severity.
    const days = stats.reports_by_day as Array<Record<string, number | string>>;
    expect(days).toHaveLength(30);
    expect(days.at(-1)?.date).toBe(new Date().toISOString().slice(0, 10));
    expect((await call('/api/anomaly/anomaly-reports?limit=100000')).status).toBe(400);
  });

  it('analyses a workbook dropped in the S3 folder with the AWS CLI, once even if written twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drop-'));
    const path = join(dir, 'dropped_logs.xlsx');
    writeFileSync(path, workbook);
    const target = `s3://${inject('local').bucket}/${inject('local').drop_prefix}dropped_logs.xlsx`;
    await awsCli(['s3', 'cp', path, target]);
    await awsCli(['s3', 'cp', path, target]);
    const dataset = await until(async () => {
      const list = (await (await call('/api/anomaly/datasets?limit=100')).json()) as Json[];
      const found = list.filter((d) => d.filename === 'dropped_logs.xlsx');
      return found.length > 0 ? found : undefined;
    });
    const { session } = await waitForAnalysis(await login(), String(dataset[0]?.id));
    expect(session.status).toBe('completed');
    const again = (await (await call('/api/anomaly/datasets?limit=100')).json()) as Json[];
    expect(again.filter((d) => d.filename === 'dropped_logs.xlsx')).toHaveLength(1);
    const names = await executionNames();
    expect(new Set(names).size).toBe(names.length);
  });

  it('marks the session and dataset error when the pipeline fails, and keeps them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drop-'));
    const path = join(dir, 'corrupt.xlsx');
    writeFileSync(path, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]));
    await awsCli([
      's3',
      'cp',
      path,
      `s3://${inject('local').bucket}/${inject('local').drop_prefix}corrupt.xlsx`,
    ]);
    const dataset = await until(async () => {
      const list = (await (await call('/api/anomaly/datasets?limit=100')).json()) as Json[];
      return list.find((d) => d.filename === 'corrupt.xlsx');
    });
    const { session } = await waitForAnalysis(await login(), String(dataset.id));
    expect(session.status).toBe('error');
    expect(session.error_message).toMatch(/corrupt|not a valid/i);
    const stored = (await (await call(`/api/anomaly/datasets/${dataset.id}`)).json()) as Json;
    expect(stored.status).toBe('error');
    expect(stored.error_message).toBe(session.error_message);
  });

  it('walks a report through review and deletes a dataset with everything made from it', async () => {
    const upload = await call('/api/anomaly/datasets/upload', {
      method: 'POST',
      body: form('to_delete.xlsx', workbook),
    });
    const dataset = (await upload.json()) as Json;
    await waitForAnalysis(await login(), String(dataset._id));
    const [report] = (await (
      await call(`/api/anomaly/anomaly-reports?dataset_id=${dataset._id}`)
    ).json()) as Json[];
    const patched = await call(`/api/anomaly/anomaly-reports/${report?.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        status: 'resolved',
        resolution_notes: 'False alarm - legitimate after-hours maintenance',
      }),
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({
      status: 'resolved',
      resolution_notes: 'False alarm - legitimate after-hours maintenance',
    });
    const smuggled = await call(`/api/anomaly/anomaly-reports/${report?.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ tenant_id: 'someone-else' }),
    });
    expect(smuggled.status).toBe(400);

    const full = (await (await call(`/api/anomaly/anomaly-reports/${report?.id}`)).json()) as Json;
    const duplicate = await call('/api/anomaly/anomaly-reports', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ anomaly_id: full.anomaly_id }),
    });
    expect(duplicate.status).toBe(409);

    const excel = await call(`/api/anomaly/anomaly-reports/${report?.id}/export?format=excel`);
    expect(excel.status).toBe(200);
    expect(excel.headers.get('content-type')).toContain('spreadsheetml');
    expect((await excel.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    const pdf = await call(`/api/anomaly/anomaly-reports/${report?.id}/export?format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');

    expect((await call(`/api/anomaly/datasets/${dataset._id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/api/anomaly/datasets/${dataset._id}`)).status).toBe(404);
    expect((await call(`/api/anomaly/anomaly-reports/${report?.id}`)).status).toBe(404);
    expect((await call(`/api/anomaly/anomalies/${full.anomaly_id}`)).status).toBe(404);
    const listed = await awsCli(['s3', 'ls', '--recursive', `s3://${inject('local').bucket}/`]);
    expect(listed).not.toContain(String(dataset.filename));
  });

  it("answers 404 for another user's ids and 401 without a valid token", async () => {
    const upload = await call('/api/anomaly/datasets/upload', {
      method: 'POST',
      body: form('mine.xlsx', workbook),
    });
    const dataset = (await upload.json()) as Json;
    await waitForAnalysis(await login(), String(dataset._id));
    await createUser('mallory', 'Mallory-password-1');
    const other = authed(await login('mallory', 'Mallory-password-1'));
    const [report] = (await (
      await call(`/api/anomaly/anomaly-reports?dataset_id=${dataset._id}`)
    ).json()) as Json[];
    for (const path of [
      `/api/anomaly/datasets/${dataset._id}`,
      `/api/anomaly/datasets/${dataset._id}/anomalies`,
      `/api/anomaly/datasets/${dataset._id}/session`,
      `/api/anomaly/anomaly-reports/${report?.id}`,
      `/api/anomaly/anomaly-reports/${report?.id}/export?format=json`,
      `/api/anomaly/analysis-sessions/${dataset.session_id}`,
    ]) {
      expect((await other(path)).status, path).toBe(404);
    }
    expect((await other(`/api/anomaly/datasets/${dataset._id}`, { method: 'DELETE' })).status).toBe(404);
    expect(await (await other('/api/anomaly/datasets')).json()).toEqual([]);
    expect((await call(`/api/anomaly/datasets/${dataset._id}`)).status).toBe(200);

    const anonymous = authed('not-a-token');
    expect((await anonymous('/api/anomaly/datasets')).status).toBe(401);
    expect((await fetch(`${inject('local').api_url}/api/anomaly/datasets`)).status).toBe(401);
    const wrong = await fetch(`${inject('local').api_url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'wrong-password' }),
    });
    expect(wrong.status).toBe(401);
  });
});

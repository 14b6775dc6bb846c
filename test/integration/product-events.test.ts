import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WebSocket } from 'ws';
import { createUser } from '../support/aws';
import { authed, login, waitForAnalysis } from '../support/client';
import { securityLogsWorkbook } from '../support/security-logs';

/**
 * The catalogued events end to end on the local stack: each publish point delivers exactly one
 * webhook message per fact (an upload, each report, each alert at the tenant's threshold, a
 * detection, a training, a rejected upload), and alerts reach the tenant's live connections
 * and no other tenant's.
 */
type Json = Record<string, unknown>;

const ALL_EVENTS = [
  'analysis.completed',
  'detection.completed',
  'training.completed',
  'alert.triggered',
  'report.triaged',
  'report.status_changed',
  'dataset.failed',
];

/** Keeps every webhook message it is sent, answering 200. */
class Receiver {
  readonly received: Array<{ body: Json }> = [];
  private server?: Server;

  constructor(readonly port: number) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json;
        this.received.push({ body });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => this.server?.listen(this.port, '127.0.0.1', r));
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server?.close(() => r()));
  }

  /** The data of every message of `type`, redeliveries included: exactly-once is asserted on these. */
  all(type: string): Json[] {
    return this.received.filter((m) => m.body.type === type).map((m) => m.body.data as Json);
  }
}

const jsonBody = (body: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

async function until<T>(probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not met in time');
}

/** Waits until `count()` has stayed at `expected` for a while, so a late duplicate would show. */
async function settlesAt(count: () => number, expected: number): Promise<void> {
  await until(() => (count() >= expected ? true : undefined));
  await new Promise((r) => setTimeout(r, 1500));
  expect(count()).toBe(expected);
}

/** A socket on the live API, collecting the `alert` messages it is sent. */
async function listen(token: string): Promise<{ socket: WebSocket; alerts: Json[] }> {
  const socket = new WebSocket(`${inject('local').live_url}?token=${encodeURIComponent(token)}`);
  const alerts: Json[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Json;
    if (message.type === 'alert') alerts.push(message);
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { socket, alerts };
}

const port = inject('webhookReceiverPorts')[3] ?? 0;
const receiver = new Receiver(port);
const sockets: WebSocket[] = [];

beforeAll(() => receiver.start());
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await receiver.stop();
});

describe('catalogued product events', () => {
  let call: ReturnType<typeof authed>;
  let token: string;

  beforeAll(async () => {
    await createUser('events-owner', 'Events-owner-1');
    token = await login('events-owner', 'Events-owner-1');
    call = authed(token);
    const created = await call(
      '/api/v1/webhooks',
      jsonBody({ url: `http://127.0.0.1:${port}/events`, events: ALL_EVENTS }),
    );
    expect(created.status).toBe(201);
  });

  it('keeps the alert threshold as a tenant setting, high by default', async () => {
    expect(await (await call('/api/v1/settings/alerts')).json()).toMatchObject({
      min_severity: 'high',
      updated_by: null,
    });
    expect((await call('/api/settings/alerts', jsonBody({ min_severity: 'severe' }, 'PUT'))).status).toBe(
      400,
    );
    const set = await call('/api/settings/alerts', jsonBody({ min_severity: 'medium' }, 'PUT'));
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ min_severity: 'medium', updated_at: expect.any(String) });
    expect(await (await call('/api/v1/settings/alerts')).json()).toMatchObject({ min_severity: 'medium' });
  });

  it('announces an analysed upload once, each report once, and alerts at the threshold to the tenant only', async () => {
    // Prepare: alerts for critical findings only (the workbook has high ones below it), a live
    // connection of the tenant, and one of another tenant.
    expect(
      (await call('/api/v1/settings/alerts', jsonBody({ min_severity: 'critical' }, 'PUT'))).status,
    ).toBe(200);
    const mine = await listen(token);
    await createUser('events-other', 'Events-other-1');
    const theirs = await listen(await login('events-other', 'Events-other-1'));
    sockets.push(mine.socket, theirs.socket);

    // Act
    const form = new FormData();
    form.append('file', new Blob([securityLogsWorkbook().file]), 'security_logs.xlsx');
    const uploaded = await call('/api/anomaly/datasets/upload', { method: 'POST', body: form });
    expect(uploaded.status).toBe(201);
    const datasetId = String(((await uploaded.json()) as Json)._id);
    expect((await waitForAnalysis(token, datasetId)).session.status).toBe('completed');
    const reports = (await (
      await call(`/api/anomaly/anomaly-reports?dataset_id=${datasetId}&limit=500`)
    ).json()) as Json[];
    const alerting = reports.filter((r) => r.severity === 'critical');

    // Assess
    expect(reports.length).toBeGreaterThan(0);
    expect(alerting.length).toBeGreaterThan(0);
    expect(reports.some((r) => r.severity === 'high')).toBe(true);
    await settlesAt(() => receiver.all('analysis.completed').length, 1);
    expect(receiver.all('analysis.completed')[0]).toMatchObject({ dataset_id: datasetId, version: 1 });

    await settlesAt(() => receiver.all('report.triaged').length, reports.length);
    expect(
      receiver
        .all('report.triaged')
        .map((d) => d.report_id)
        .sort(),
    ).toEqual(reports.map((r) => r.id).sort());

    await settlesAt(() => receiver.all('alert.triggered').length, alerting.length);
    const alerts = receiver.all('alert.triggered');
    expect(alerts.map((d) => d.report_id).sort()).toEqual(alerting.map((r) => r.id).sort());
    for (const alert of alerts)
      expect(alert).toMatchObject({ dataset_id: datasetId, threshold: 4, score: expect.any(Number) });

    await settlesAt(() => mine.alerts.length, alerting.length);
    expect(mine.alerts[0]).toMatchObject({ type: 'alert', data: { dataset_id: datasetId, threshold: 4 } });
    expect(JSON.stringify(mine.alerts)).not.toContain('tenant_id');
    expect(theirs.alerts).toEqual([]);
  });

  it('announces a detection and a training once each', async () => {
    // Act
    const data = Array.from({ length: 120 }, (_, i) => [Math.sin(i), Math.cos(i * 3), i === 60 ? 50 : 0]);
    const detected = await call('/api/v1/detection/detect', jsonBody({ algorithm: 'zscore', data }));
    expect(detected.status).toBe(200);
    const detection = (await detected.json()) as Json;
    const dataset = (await (
      await call('/api/v1/datasets', jsonBody({ name: 'sensors', data, features: ['a', 'b', 'c'] }))
    ).json()) as Json;
    const trained = await call(
      '/api/v1/models/train',
      jsonBody({ name: 'ecod_v1', algorithm: 'ecod', dataset_id: dataset.dataset_id }),
    );
    expect(trained.status).toBe(201);
    const model = (await trained.json()) as Json;

    // Assess
    await settlesAt(() => receiver.all('detection.completed').length, 1);
    expect(receiver.all('detection.completed')[0]).toMatchObject({
      result_id: detection.detection_id,
      n_samples: 120,
      n_anomalies: detection.anomaly_count,
    });
    await settlesAt(() => receiver.all('training.completed').length, 1);
    expect(receiver.all('training.completed')[0]).toMatchObject({
      detector_id: model.id,
      model_id: model.id,
      dataset_id: dataset.dataset_id,
      algorithm: 'ecod',
    });
  });

  it('announces an upload rejected on receipt once, with the reason', async () => {
    // Act
    const form = new FormData();
    form.append('file', new Blob(['a,b\n1,2\n'], { type: 'text/csv' }), 'logs.csv');
    const uploaded = await call('/api/anomaly/datasets/upload', { method: 'POST', body: form });
    const datasetId = String(((await uploaded.json()) as Json)._id);
    expect((await waitForAnalysis(token, datasetId)).session.status).toBe('error');

    // Assess
    await settlesAt(() => receiver.all('dataset.failed').length, 1);
    expect(receiver.all('dataset.failed')[0]).toMatchObject({
      dataset_id: datasetId,
      error_message: expect.stringMatching(/only \.xlsx/i),
    });
  });
});

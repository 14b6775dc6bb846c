import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser } from '../support/aws';
import { authed, login, waitForAnalysis } from '../support/client';
import { securityLogsWorkbook } from '../support/security-logs';

type Json = Record<string, unknown>;

interface Received {
  id: string;
  body: Json;
  verified: boolean;
  duplicate: boolean;
}

/**
 * A reference receiver that checks messages the Standard Webhooks way, written from the spec
 * rather than with the sender's code: HMAC-SHA256 over `id.timestamp.body` with the secret's
 * base64-decoded bytes, compared in constant time against each `v1,` signature; timestamps
 * more than 5 minutes off refused; an id seen before acknowledged but not processed again.
 */
class ReferenceReceiver {
  readonly received: Received[] = [];
  secret = '';
  answer = 200;
  private readonly seen = new Set<string>();
  private server?: Server;

  constructor(readonly port: number) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const id = String(req.headers['webhook-id'] ?? '');
        const verified = this.verify(req.headers, raw);
        const duplicate = this.seen.has(id);
        if (verified && !duplicate && this.answer < 300) this.seen.add(id);
        this.received.push({ id, body: JSON.parse(raw) as Json, verified, duplicate });
        res.writeHead(verified ? this.answer : 401).end(verified ? 'ok' : 'bad signature');
      });
    });
    await new Promise<void>((r) => this.server?.listen(this.port, '127.0.0.1', r));
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server?.close(() => r()));
  }

  private verify(headers: IncomingHttpHeaders, body: string): boolean {
    const id = headers['webhook-id'];
    const timestamp = Number(headers['webhook-timestamp']);
    const signatures = String(headers['webhook-signature'] ?? '');
    if (typeof id !== 'string' || !Number.isInteger(timestamp)) return false;
    if (Math.abs(Date.now() / 1000 - timestamp) > 300) return false;
    const key = Buffer.from(this.secret.replace(/^whsec_/, ''), 'base64');
    const expected = Buffer.from(
      createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64'),
    );
    return signatures.split(' ').some((entry) => {
      const [version, signature] = entry.split(',');
      const given = Buffer.from(signature ?? '');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
  }
}

const jsonBody = (body: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not met in time');
}

async function upload(call: ReturnType<typeof authed>, token: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([securityLogsWorkbook().file]), 'security_logs.xlsx');
  const response = await call('/api/anomaly/datasets/upload', { method: 'POST', body: form });
  expect(response.status).toBe(201);
  const id = String(((await response.json()) as Json)._id);
  const { session } = await waitForAnalysis(token, id);
  expect(session.status).toBe('completed');
  return id;
}

const [okPort, failingPort, sparePort] = inject('webhookReceiverPorts');
const ok = new ReferenceReceiver(okPort ?? 0);
const failing = new ReferenceReceiver(failingPort ?? 0);

beforeAll(async () => {
  await ok.start();
  await failing.start();
});
afterAll(async () => {
  await ok.stop();
  await failing.stop();
});

describe('webhooks', () => {
  it('refuses every SSRF payload at registration, and more webhooks than the tenant may have', async () => {
    await createUser('webhook-ssrf', 'Webhook-ssrf-1');
    const call = authed(await login('webhook-ssrf', 'Webhook-ssrf-1'));
    const payloads = [
      'http://127.0.0.1/',
      `http://127.0.0.1:${(okPort ?? 0) + 10}/`,
      'http://localhost/',
      'http://[::1]/',
      'http://0.0.0.0/',
      'http://10.0.0.1/',
      'http://172.16.0.1/',
      'http://192.168.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://169.254.170.2/v2/credentials',
      'http://[fd00:ec2::254]/',
      'http://100.64.0.1/',
      'http://224.0.0.1/',
      'http://[fe80::1]/',
      'http://[fc00::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:a9fe:a9fe]/',
      'http://2130706433/',
      'http://0x7f000001/',
      'http://0177.0.0.1/',
      'http://2852039166/',
      `http://example.com@127.0.0.1:${okPort}/`,
      'http://user:pass@example.com/',
      'ftp://example.com/',
      'file:///etc/passwd',
      'gopher://127.0.0.1:6379/',
      'http://intranet/',
    ];
    for (const url of payloads) {
      const response = await call('/api/v1/webhooks', jsonBody({ url, events: ['analysis.completed'] }));
      expect(response.status, url).toBe(400);
      expect(response.headers.get('content-type'), url).toContain('application/problem+json');
    }
    expect(((await (await call('/api/v1/webhooks')).json()) as Json).total).toBe(0);

    // The limit: ten per tenant, then 409.
    for (let i = 0; i < 10; i++) {
      const response = await call(
        '/api/webhooks',
        jsonBody({ url: `http://127.0.0.1:${sparePort}/hook/${i}`, events: ['dataset.failed'] }),
      );
      expect(response.status).toBe(201);
    }
    const over = await call(
      '/api/v1/webhooks',
      jsonBody({ url: `http://127.0.0.1:${sparePort}/hook/10`, events: ['dataset.failed'] }),
    );
    expect(over.status).toBe(409);
  });

  it('delivers one signed analysis.completed per upload; pings; redelivers with the same webhook-id', async () => {
    await createUser('webhook-owner', 'Webhook-owner-1');
    const token = await login('webhook-owner', 'Webhook-owner-1');
    const call = authed(token);
    const created = await call(
      '/api/v1/webhooks',
      jsonBody({
        url: `http://127.0.0.1:${okPort}/in`,
        events: ['analysis.completed', 'report.status_changed'],
        description: 'CI',
      }),
    );
    expect(created.status).toBe(201);
    const webhook = (await created.json()) as Json;
    expect(String(webhook.secret)).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    ok.secret = String(webhook.secret);
    // The secret is shown once.
    const shown = (await (await call(`/api/v1/webhooks/${webhook.id}`)).json()) as Json;
    expect(shown).toMatchObject({ id: webhook.id, status: 'active', description: 'CI' });
    expect(JSON.stringify(shown)).not.toContain('whsec_');
    expect(JSON.stringify(await (await call('/api/v1/webhooks')).json())).not.toContain('whsec_');

    const datasetId = await upload(call, token);
    const message = await until(() => ok.received.find((m) => m.body.type === 'analysis.completed'));
    await new Promise((r) => setTimeout(r, 1500));
    const deliveredEvents = ok.received.filter((m) => m.body.type === 'analysis.completed');
    expect(deliveredEvents).toHaveLength(1);
    expect(message.verified).toBe(true);
    expect(message.id).toMatch(/^msg_/);
    expect(message.body).toMatchObject({
      type: 'analysis.completed',
      data: { dataset_id: datasetId, version: 1 },
    });
    expect(typeof message.body.timestamp).toBe('string');

    const deliveries = (await (await call(`/api/v1/webhooks/${webhook.id}/deliveries`)).json()) as {
      deliveries: Json[];
    };
    expect(deliveries.deliveries).toHaveLength(1);
    expect(deliveries.deliveries[0]).toMatchObject({
      id: message.id,
      event_type: 'analysis.completed',
      status: 'succeeded',
      attempt_count: 1,
      last_status_code: 200,
    });

    // An analyst's status move on a report of the upload is announced too.
    const [report] = (await (
      await call(`/api/anomaly/anomaly-reports?dataset_id=${datasetId}`)
    ).json()) as Json[];
    const patched = await call(
      `/api/anomaly/anomaly-reports/${report?.id}`,
      jsonBody({ status: 'under_review' }, 'PATCH'),
    );
    expect(patched.status).toBe(200);
    const moved = await until(() => ok.received.find((m) => m.body.type === 'report.status_changed'));
    expect(moved).toMatchObject({
      verified: true,
      body: { data: { report_id: report?.id, dataset_id: datasetId, status: 'under_review' } },
    });

    const ping = await call(`/api/v1/webhooks/${webhook.id}/test`, { method: 'POST' });
    expect(ping.status).toBe(200);
    expect((await ping.json()) as Json).toMatchObject({ event_type: 'webhook.ping', status: 'succeeded' });
    expect(ok.received.at(-1)).toMatchObject({ verified: true, body: { type: 'webhook.ping' } });

    const again = await call(`/api/v1/webhooks/${webhook.id}/deliveries/${message.id}/redeliver`, {
      method: 'POST',
    });
    expect(again.status).toBe(200);
    expect((await again.json()) as Json).toMatchObject({ id: message.id, attempt_count: 2 });
    // Same id: the receiver knows it has processed this message already.
    expect(ok.received.at(-1)).toMatchObject({ id: message.id, verified: true, duplicate: true });

    // Another tenant sees none of it.
    await createUser('webhook-other', 'Webhook-other-1');
    const other = authed(await login('webhook-other', 'Webhook-other-1'));
    expect((await other(`/api/v1/webhooks/${webhook.id}`)).status).toBe(404);
    expect((await other(`/api/v1/webhooks/${webhook.id}/deliveries`)).status).toBe(404);
    expect((await other(`/api/v1/webhooks/${webhook.id}`, { method: 'DELETE' })).status).toBe(404);

    expect((await call(`/api/v1/webhooks/${webhook.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/api/v1/webhooks/${webhook.id}`)).status).toBe(404);
  });

  it('retries a failing receiver with the same webhook-id, then fails the delivery, disables the endpoint and dead-letters the event, which a redrive delivers', async () => {
    failing.answer = 500;
    await createUser('webhook-failing', 'Webhook-failing-1');
    const token = await login('webhook-failing', 'Webhook-failing-1');
    const call = authed(token);
    const created = (await (
      await call(
        '/api/v1/webhooks',
        jsonBody({ url: `http://127.0.0.1:${failingPort}/in`, events: ['analysis.completed'] }),
      )
    ).json()) as Json;
    failing.secret = String(created.secret);

    const datasetId = await upload(call, token);
    const delivery = await until(async () => {
      const { deliveries } = (await (await call(`/api/v1/webhooks/${created.id}/deliveries`)).json()) as {
        deliveries: Json[];
      };
      return deliveries[0]?.status === 'failed' ? deliveries[0] : undefined;
    });
    // The first attempt and the local bus's three retries (the suite's WEBHOOK_MAX_ATTEMPTS).
    expect(delivery).toMatchObject({ attempt_count: 4, last_status_code: 500 });
    expect((delivery.attempts as Json[]).map((a) => a.status_code)).toEqual([500, 500, 500, 500]);
    expect(failing.received).toHaveLength(4);
    expect(new Set(failing.received.map((m) => m.id))).toEqual(new Set([delivery.id]));
    expect(failing.received.every((m) => m.verified)).toBe(true);

    const webhook = (await (await call(`/api/v1/webhooks/${created.id}`)).json()) as Json;
    expect(webhook).toMatchObject({ status: 'disabled', consecutive_failures: 4 });
    expect(String(webhook.disabled_reason)).toMatch(/4 failed attempts.*HTTP 500/);

    // Past the last retry the event is in the dead-letter file of the local bus.
    const deadLetter = await until(() => {
      const file = join(inject('localHome'), 'events', 'dlq.ndjson');
      if (!existsSync(file)) return undefined;
      return readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { rule: string; event: { detail: Json } })
        .find(
          (entry) => entry.rule === 'ProductEventPublished' && entry.event.detail.dataset_id === datasetId,
        );
    }, 10_000);

    // Mended, the owner pings (which enables the endpoint again), then the event is redriven to
    // the consumer, as SQS redrive hands a dead letter back: the same delivery, the same id.
    failing.answer = 200;
    const ping = await call(`/api/v1/webhooks/${created.id}/test`, { method: 'POST' });
    expect((await ping.json()) as Json).toMatchObject({ status: 'succeeded' });
    expect((await (await call(`/api/v1/webhooks/${created.id}`)).json()) as Json).toMatchObject({
      status: 'active',
      disabled_reason: null,
      consecutive_failures: 0,
    });
    const local = inject('local');
    Object.assign(process.env, {
      AWS_REGION: local.region,
      AWS_ACCESS_KEY_ID: local.aws_access_key_id,
      AWS_SECRET_ACCESS_KEY: local.aws_secret_access_key,
      TABLE_NAME: local.table_name,
      AWS_ENDPOINT_URL_DYNAMODB: local.dynamodb_endpoint,
      PYNOMALY_WEBHOOK_ALLOWLIST: `127.0.0.1:${failingPort}`,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    const { handler } = (await import('../../functions/events/on-product-event')) as {
      handler: (event: unknown, context: Context) => Promise<unknown>;
    };
    await handler(deadLetter.event, { awsRequestId: 'redrive', functionName: 'on-product-event' } as Context);
    expect(failing.received.at(-1)).toMatchObject({ id: delivery.id, verified: true, duplicate: false });
    const { deliveries } = (await (await call(`/api/v1/webhooks/${created.id}/deliveries`)).json()) as {
      deliveries: Json[];
    };
    expect(deliveries.find((d) => d.id === delivery.id)).toMatchObject({
      status: 'succeeded',
      attempt_count: 5,
    });
  });
});

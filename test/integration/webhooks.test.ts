import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
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
  at: number;
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
  /** A `Retry-After` (seconds) sent with each answer, when set. */
  retryAfter: number | null = null;
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
        this.received.push({ id, body: JSON.parse(raw) as Json, verified, duplicate, at: Date.now() });
        const headers = this.retryAfter === null ? {} : { 'retry-after': String(this.retryAfter) };
        res.writeHead(verified ? this.answer : 401, headers).end(verified ? 'ok' : 'bad signature');
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

  it('retries a failing receiver on the schedule, honouring Retry-After, with the same webhook-id; then fails the delivery and disables the endpoint; a redrive delivers it', async () => {
    failing.answer = 503;
    failing.retryAfter = 3;
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

    await upload(call, token);
    const deliveries = async () =>
      ((await (await call(`/api/v1/webhooks/${created.id}/deliveries`)).json()) as { deliveries: Json[] })
        .deliveries;
    // While the schedule runs, the owner sees when the next attempt is due.
    const scheduled = await until(async () => {
      const [first] = await deliveries();
      return first?.status === 'pending' && first.next_attempt_at ? first : undefined;
    });
    expect(Date.parse(String(scheduled.next_attempt_at))).toBeGreaterThan(Date.now() - 1000);
    const delivery = await until(async () => {
      const [first] = await deliveries();
      return first?.status === 'failed' ? first : undefined;
    });
    // The first attempt and the suite's schedule of three retries (WEBHOOK_RETRY_SCHEDULE 1,2,1),
    // each wait stretched to the receiver's Retry-After of 3 seconds.
    expect(delivery).toMatchObject({ attempt_count: 4, last_status_code: 503, next_attempt_at: null });
    expect((delivery.attempts as Json[]).map((a) => a.retry_after_seconds)).toEqual([3, 3, 3, 3]);
    expect(failing.received).toHaveLength(4);
    const gaps = failing.received.slice(1).map((m, i) => m.at - (failing.received[i]?.at ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(2900);
    expect(new Set(failing.received.map((m) => m.id))).toEqual(new Set([delivery.id]));
    expect(failing.received.every((m) => m.verified)).toBe(true);

    const webhook = (await (await call(`/api/v1/webhooks/${created.id}`)).json()) as Json;
    expect(webhook).toMatchObject({ status: 'disabled', consecutive_failures: 4 });
    expect(String(webhook.disabled_reason)).toMatch(/4 failed attempts.*HTTP 503/);

    // Mended, the owner redrives the dead letters: the endpoint is enabled again and the failed
    // delivery attempted at once, on a new schedule, with the same id.
    failing.answer = 200;
    failing.retryAfter = null;
    const redrive = await call(`/api/v1/webhooks/${created.id}/deliveries/redrive`, jsonBody({}));
    expect(redrive.status).toBe(202);
    expect((await redrive.json()) as Json).toMatchObject({
      redriven: 1,
      delivery_ids: [delivery.id],
      remaining: 0,
    });
    const delivered = await until(async () => {
      const found = (await deliveries()).find((d) => d.id === delivery.id);
      return found?.status === 'succeeded' ? found : undefined;
    });
    expect(delivered).toMatchObject({ attempt_count: 5, last_status_code: 200 });
    expect(failing.received.at(-1)).toMatchObject({ id: delivery.id, verified: true, duplicate: false });
    expect((await (await call(`/api/v1/webhooks/${created.id}`)).json()) as Json).toMatchObject({
      status: 'active',
      disabled_reason: null,
      consecutive_failures: 0,
    });
    // Nothing failed is left to redrive.
    const again = await call(`/api/v1/webhooks/${created.id}/deliveries/redrive`, jsonBody({}));
    expect((await again.json()) as Json).toMatchObject({ redriven: 0 });
  });

  it('changes a webhook, rotates its secret with both signatures during the overlap, and is disabled and enabled by its owner', async () => {
    await createUser('webhook-rotate', 'Webhook-rotate-1');
    const call = authed(await login('webhook-rotate', 'Webhook-rotate-1'));
    const created = (await (
      await call(
        '/api/v1/webhooks',
        jsonBody({ url: `http://127.0.0.1:${okPort}/rotate`, events: ['dataset.failed'] }),
      )
    ).json()) as Json;
    const path = `/api/v1/webhooks/${created.id}`;

    const changed = await call(
      path,
      jsonBody({ events: ['analysis.completed', 'dataset.failed'], description: 'ops' }, 'PATCH'),
    );
    expect(changed.status).toBe(200);
    expect((await changed.json()) as Json).toMatchObject({
      events: ['analysis.completed', 'dataset.failed'],
      description: 'ops',
    });
    const unsafe = await call(path, jsonBody({ url: 'http://169.254.169.254/latest/meta-data/' }, 'PATCH'));
    expect(unsafe.status).toBe(400);
    expect((await call(path, jsonBody({}, 'PATCH'))).status).toBe(400);
    expect(((await (await call(path)).json()) as Json).url).toBe(`http://127.0.0.1:${okPort}/rotate`);

    const rotated = await call(`${path}/rotate-secret`, { method: 'POST' });
    expect(rotated.status).toBe(200);
    const { secret, previous_secret_expires_at: overlapUntil } = (await rotated.json()) as Json;
    expect(String(secret)).toMatch(/^whsec_/);
    expect(secret).not.toBe(created.secret);
    expect(Date.parse(String(overlapUntil)) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect(JSON.stringify((await (await call(path)).json()) as Json)).not.toContain('whsec_');
    // A receiver with either secret verifies the pings of the overlap.
    for (const key of [String(created.secret), String(secret)]) {
      ok.secret = key;
      const ping = await call(`${path}/test`, { method: 'POST' });
      expect((await ping.json()) as Json).toMatchObject({ status: 'succeeded' });
      expect(ok.received.at(-1)).toMatchObject({ verified: true });
    }

    const disabled = await call(path, jsonBody({ status: 'disabled' }, 'PATCH'));
    expect((await disabled.json()) as Json).toMatchObject({
      status: 'disabled',
      disabled_reason: 'Disabled by its owner',
    });
    const enabled = await call(path, jsonBody({ status: 'active' }, 'PATCH'));
    expect((await enabled.json()) as Json).toMatchObject({ status: 'active', disabled_reason: null });

    await createUser('webhook-rotate-other', 'Webhook-rotate-other-1');
    const other = authed(await login('webhook-rotate-other', 'Webhook-rotate-other-1'));
    expect((await other(path, jsonBody({ description: 'mine' }, 'PATCH'))).status).toBe(404);
    expect((await other(`${path}/rotate-secret`, { method: 'POST' })).status).toBe(404);
    expect((await other(`${path}/deliveries/redrive`, jsonBody({}))).status).toBe(404);
  });
});

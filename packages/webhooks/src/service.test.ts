import type { Principal } from '@pynomaly/core';
import { describe, expect, it } from 'vitest';
import { webhookConfig } from './config';
import type { DeliveryRecord, WebhookRecord, WebhookRepository } from './repository';
import type { AttemptOutcome, postOnce } from './send';
import { DeliveryPendingError, fanOut, type ProductEvent, registerWebhook } from './service';
import { verify } from './signature';

/** The repository in memory, with the same rules as the DynamoDB one. */
function memory() {
  const webhooks = new Map<string, WebhookRecord>();
  const deliveries = new Map<string, DeliveryRecord>();
  const repo = {
    list: async (tenantId: string) => [...webhooks.values()].filter((w) => w.tenant_id === tenantId),
    put: async (w: WebhookRecord) => void webhooks.set(w.id, w),
    openDelivery: async (_t: string, d: DeliveryRecord) => {
      if (!deliveries.has(d.id)) deliveries.set(d.id, structuredClone(d));
      return structuredClone(deliveries.get(d.id) as DeliveryRecord);
    },
    recordAttempt: async (
      _t: string,
      d: DeliveryRecord,
      o: AttemptOutcome,
      status: DeliveryRecord['status'],
    ) => {
      const stored = deliveries.get(d.id) as DeliveryRecord;
      stored.attempts.push({
        at: '',
        status_code: o.status_code,
        duration_ms: 0,
        error: o.error,
        response_body: null,
      });
      stored.status = status;
      return structuredClone(stored);
    },
    setDeliveryStatus: async (_t: string, d: DeliveryRecord, status: DeliveryRecord['status']) => {
      (deliveries.get(d.id) as DeliveryRecord).status = status;
    },
    recordOutcome: async (_t: string, id: string, ok: boolean, disableAfter: number, reason: string) => {
      const w = webhooks.get(id) as WebhookRecord;
      w.consecutive_failures = ok ? 0 : w.consecutive_failures + 1;
      if (ok) Object.assign(w, { status: 'active', disabled_reason: null });
      else if (w.consecutive_failures >= disableAfter)
        Object.assign(w, {
          status: 'disabled',
          disabled_reason: `after ${w.consecutive_failures}: ${reason}`,
        });
      return w;
    },
  };
  return { repo: repo as unknown as WebhookRepository, webhooks, deliveries };
}

const principal = { tenantId: 't1', userId: 'u1', username: 'ana' } as Principal;
const event: ProductEvent = {
  id: 'evt-1',
  'detail-type': 'analysis.completed',
  time: '2026-12-03T12:00:00Z',
  detail: { tenant_id: 't1', version: 1, dataset_id: 'd1' },
};
const publicDns = async () => [{ address: '93.184.215.14', family: 4 }];

function receiver(statuses: number[]) {
  const calls: Array<{ headers: Record<string, string>; body: string }> = [];
  const post: typeof postOnce = async (_url, headers, body) => {
    calls.push({ headers, body });
    const status = statuses[Math.min(calls.length - 1, statuses.length - 1)] ?? 200;
    return {
      status_code: status,
      ok: status < 300,
      duration_ms: 1,
      error: null,
      response_body: '',
      retry_after_seconds: null,
    };
  };
  return { calls, post };
}

describe('fan-out', () => {
  const config = webhookConfig({ WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_DISABLE_AFTER_FAILURES: '3' });

  it('delivers to subscribers only, once, signed, and skips a finished delivery when the event comes again', async () => {
    const { repo } = memory();
    const { calls, post } = receiver([200]);
    const deps = { webhooks: repo, config, resolve: publicDns, post };
    const hook = await registerWebhook(
      principal,
      { url: 'https://hooks.example.com/in', events: ['analysis.completed'] },
      deps,
    );
    await registerWebhook(
      principal,
      { url: 'https://other.example.com/in', events: ['dataset.failed'] },
      deps,
    );

    await fanOut(event, deps);
    await fanOut(event, deps);

    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(JSON.parse(call?.body ?? '')).toEqual({
      type: 'analysis.completed',
      timestamp: event.time,
      data: { version: 1, dataset_id: 'd1', tenant_id: 't1' },
    });
    expect(verify(hook.secret, call?.headers ?? {}, call?.body ?? '')).toBe(true);
  });

  it('fails every invocation with a failed attempt, keeps the webhook-id, labels the delivery failed and disables the endpoint', async () => {
    const { repo, webhooks, deliveries } = memory();
    const statuses = [500];
    const { calls, post } = receiver(statuses);
    const deps = { webhooks: repo, config, resolve: publicDns, post };
    const hook = await registerWebhook(
      principal,
      { url: 'https://hooks.example.com/in', events: ['analysis.completed'] },
      deps,
    );

    for (let i = 0; i < 3; i++)
      await expect(fanOut(event, deps)).rejects.toBeInstanceOf(DeliveryPendingError);

    const [failed] = [...deliveries.values()];
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed?.attempts.map((a) => a.status_code)).toEqual([500, 500, 500]);
    expect(new Set(calls.map((c) => c.headers['webhook-id'])).size).toBe(1);
    expect(webhooks.get(hook.id)).toMatchObject({ status: 'disabled', consecutive_failures: 3 });
    // Another event to the disabled endpoint is not sent, nor retried.
    await fanOut({ ...event, id: 'evt-2' }, deps);
    expect(calls).toHaveLength(3);

    // The receiver mended and the endpoint enabled, the dead-lettered event redriven: same id, delivered.
    statuses[0] = 200;
    Object.assign(webhooks.get(hook.id) ?? {}, { status: 'active', consecutive_failures: 0 });
    const redriven = await fanOut(event, deps);
    expect(redriven.find((d) => d.id === failed?.id)).toMatchObject({ status: 'succeeded' });
    expect(calls.at(-1)?.headers['webhook-id']).toBe(failed?.id);
  });

  it('refuses registration past the tenant limit and to unsafe targets', async () => {
    const { repo } = memory();
    const deps = { webhooks: repo, config: webhookConfig({ WEBHOOKS_PER_TENANT: '1' }), resolve: publicDns };
    await registerWebhook(principal, { url: 'https://a.example.com/', events: ['dataset.failed'] }, deps);
    await expect(
      registerWebhook(principal, { url: 'https://b.example.com/', events: ['dataset.failed'] }, deps),
    ).rejects.toMatchObject({ statusCode: 409 });
    await expect(
      registerWebhook(principal, { url: 'http://169.254.169.254/', events: ['dataset.failed'] }, deps),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});

/** The webhook repository in memory, with the DynamoDB one's rules, and a receiver and Step Functions to match. */
import type { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { NotFoundError, type Principal } from '@pynomaly/core';
import type { DeliveryRecord, WebhookChanges, WebhookRecord, WebhookRepository } from '../repository';
import type { AttemptOutcome, postOnce } from '../send';
import type { ProductEvent } from '../service';

// What retries.ts reads to start a schedule; the recording Step Functions below takes any ARN.
process.env.WEBHOOK_STATE_MACHINE_ARN ??=
  'arn:aws:states:us-east-1:000000000000:stateMachine:pynomaly-webhook';

export const principal = { tenantId: 't1', userId: 'u1', username: 'ana' } as Principal;
export const event: ProductEvent = {
  id: 'evt-1',
  'detail-type': 'analysis.completed',
  time: '2026-12-03T12:00:00Z',
  detail: { tenant_id: 't1', version: 1, dataset_id: 'd1' },
};
/** DNS that answers a public address for every name. */
export const publicDns = async () => [{ address: '93.184.215.14', family: 4 }];

export function memoryRepository() {
  const webhooks = new Map<string, WebhookRecord>();
  const deliveries = new Map<string, DeliveryRecord & { redrives?: number }>();
  const webhook = (id: string) => {
    const found = webhooks.get(id);
    if (!found) throw new NotFoundError('Webhook not found');
    return found;
  };
  const delivery = (id: string) => {
    const found = deliveries.get(id);
    if (!found) throw new NotFoundError('Delivery not found');
    return found;
  };
  const repo = {
    list: async (tenantId: string) => [...webhooks.values()].filter((w) => w.tenant_id === tenantId),
    get: async (_t: string, id: string) => structuredClone(webhook(id)),
    put: async (w: WebhookRecord) => void webhooks.set(w.id, structuredClone(w)),
    update: async (_t: string, id: string, changes: WebhookChanges) => {
      const w = webhook(id);
      Object.assign(w, changes);
      if (changes.status === 'active') Object.assign(w, { consecutive_failures: 0, disabled_reason: null });
      if (changes.status === 'disabled') w.disabled_reason = 'Disabled by its owner';
      return structuredClone(w);
    },
    rotateSecret: async (_t: string, id: string, secret: string, until: string) => {
      const w = webhook(id);
      Object.assign(w, { previous_secret: w.secret, previous_secret_expires_at: until, secret });
      return structuredClone(w);
    },
    openDelivery: async (_t: string, d: DeliveryRecord) => {
      if (!deliveries.has(d.id)) deliveries.set(d.id, structuredClone(d));
      return structuredClone(delivery(d.id));
    },
    delivery: async (_t: string, _w: string, id: string) => structuredClone(delivery(id)),
    deliveries: async (_t: string, webhookId: string) =>
      [...deliveries.values()].filter((d) => d.webhook_id === webhookId).reverse(),
    recordAttempt: async (
      _t: string,
      d: DeliveryRecord,
      o: AttemptOutcome,
      status: DeliveryRecord['status'],
    ) => {
      const stored = delivery(d.id);
      stored.attempts.push({
        at: new Date().toISOString(),
        status_code: o.status_code,
        duration_ms: o.duration_ms,
        error: o.error,
        response_body: o.response_body,
        retry_after_seconds: o.retry_after_seconds,
      });
      Object.assign(stored, { status, next_attempt_at: null });
      return structuredClone(stored);
    },
    setDeliveryStatus: async (
      _t: string,
      d: Pick<DeliveryRecord, 'id'>,
      status: DeliveryRecord['status'],
      nextAttemptAt: string | null = null,
    ) => {
      Object.assign(delivery(d.id), { status, next_attempt_at: nextAttemptAt });
    },
    failPending: async (_t: string, _w: string, id: string) => {
      const d = deliveries.get(id);
      if (d?.status === 'pending') Object.assign(d, { status: 'failed', next_attempt_at: null });
    },
    reopenFailed: async (_t: string, d: Pick<DeliveryRecord, 'id'>) => {
      const stored = delivery(d.id);
      if (stored.status !== 'failed') return undefined;
      stored.status = 'pending';
      stored.redrives = (stored.redrives ?? 0) + 1;
      return stored.redrives;
    },
    recordOutcome: async (_t: string, id: string, ok: boolean, disableAfter: number, reason: string) => {
      const w = webhook(id);
      w.consecutive_failures = ok ? 0 : w.consecutive_failures + 1;
      if (ok) Object.assign(w, { status: 'active', disabled_reason: null });
      else if (w.consecutive_failures >= disableAfter)
        Object.assign(w, {
          status: 'disabled',
          disabled_reason: `after ${w.consecutive_failures}: ${reason}`,
        });
      return structuredClone(w);
    },
  };
  return { repo: repo as unknown as WebhookRepository, webhooks, deliveries };
}

/** A receiver that answers each POST with the next of `statuses` (the last one repeating). */
export function scriptedReceiver(statuses: number[], retryAfterSeconds: number | null = null) {
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
      retry_after_seconds: status < 300 ? null : retryAfterSeconds,
    };
  };
  return { calls, post };
}

/** Step Functions' StartExecution, recorded: same name and input answer the running execution. */
export function recordingStepFunctions() {
  const started = new Map<string, { name: string; input: Record<string, unknown> }>();
  const sfn = {
    send: async (command: StartExecutionCommand) => {
      const { name = '', input = '{}' } = command.input;
      const existing = started.get(name);
      if (existing && JSON.stringify(existing.input) !== input) throw new Error('ExecutionAlreadyExists');
      started.set(name, { name, input: JSON.parse(input) as Record<string, unknown> });
      return { executionArn: `arn:aws:states:::execution:webhook:${name}` };
    },
  };
  return { sfn: sfn as unknown as SFNClient, started };
}

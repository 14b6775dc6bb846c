/** The webhook use cases: registration → fan-out of catalogued events → signed delivery attempts. */
import { randomBytes } from 'node:crypto';
import { ConflictError, deterministicId, newId, type Principal, ValidationError } from '@pynomaly/core';
import { z } from 'zod';
import { type WebhookConfig, webhookConfig } from './config';
import type { DeliveryRecord, WebhookRecord, WebhookRepository } from './repository';
import { type AttemptOutcome, postOnce } from './send';
import { newSecret, signedHeaders } from './signature';
import { checkTarget, type Resolver, resolveAll, UnsafeTargetError } from './ssrf';

export interface WebhookDeps {
  webhooks: WebhookRepository;
  config?: WebhookConfig;
  /** DNS, swapped by tests. */
  resolve?: Resolver;
  /** The HTTP attempt, swapped by tests. */
  post?: typeof postOnce;
}

/** The type of the test ping (not a catalogued event; it goes to the endpoint whatever it subscribes to). */
export const PING_EVENT = 'webhook.ping';

/** A webhook as its owner sees it: never the secret, except in {@link registerWebhook}'s answer. */
export function webhookDocument(webhook: WebhookRecord) {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events,
    description: webhook.description,
    status: webhook.status,
    disabled_reason: webhook.disabled_reason,
    consecutive_failures: webhook.consecutive_failures,
    created_at: webhook.created_at,
    updated_at: webhook.updated_at,
  };
}

/** A delivery with its attempts; the body is left out (the owner has the event). */
export function deliveryDocument(delivery: DeliveryRecord) {
  const last = delivery.attempts.at(-1);
  return {
    id: delivery.id,
    webhook_id: delivery.webhook_id,
    event_type: delivery.event_type,
    event_id: delivery.event_id,
    status: delivery.status,
    attempt_count: delivery.attempts.length,
    last_status_code: last?.status_code ?? null,
    attempts: delivery.attempts,
    created_at: delivery.created_at,
    updated_at: delivery.updated_at,
  };
}

/** Registers an endpoint after checking where it points; the answer carries the secret, once. */
export async function registerWebhook(
  principal: Principal,
  request: { url: string; events: string[]; description?: string | null | undefined },
  deps: WebhookDeps,
) {
  const config = deps.config ?? webhookConfig();
  try {
    await checkTarget(
      request.url,
      { allowlist: config.PYNOMALY_WEBHOOK_ALLOWLIST },
      deps.resolve ?? resolveAll,
    );
  } catch (error) {
    if (error instanceof UnsafeTargetError)
      throw new ValidationError(error.message, [{ field: 'url', message: error.message }]);
    throw error;
  }
  const existing = await deps.webhooks.list(principal.tenantId);
  if (existing.length >= config.WEBHOOKS_PER_TENANT)
    throw new ConflictError(`A tenant may register at most ${config.WEBHOOKS_PER_TENANT} webhooks`);
  const now = new Date().toISOString();
  const webhook: WebhookRecord = {
    id: newId(),
    tenant_id: principal.tenantId,
    url: request.url,
    events: [...new Set(request.events)],
    description: request.description ?? null,
    secret: newSecret(),
    status: 'active',
    disabled_reason: null,
    consecutive_failures: 0,
    created_by: principal.userId,
    created_at: now,
    updated_at: now,
  };
  await deps.webhooks.put(webhook);
  return { ...webhookDocument(webhook), secret: webhook.secret };
}

/** The body every attempt of a delivery sends: `{type, timestamp, data}`. */
export function deliveryBody(type: string, timestamp: string, data: unknown): string {
  return JSON.stringify({ type, timestamp, data });
}

/**
 * One attempt at a delivery: signed anew (the timestamp is the attempt's) with the same
 * `webhook-id`, recorded with its outcome on the delivery and on the endpoint's failure streak.
 * `final` marks the delivery failed when this attempt fails.
 */
export async function attemptDelivery(
  webhook: WebhookRecord,
  delivery: DeliveryRecord,
  deps: WebhookDeps,
  final: boolean,
): Promise<{ delivery: DeliveryRecord; outcome: AttemptOutcome }> {
  const config = deps.config ?? webhookConfig();
  const timestamp = Math.floor(Date.now() / 1000);
  const outcome = await (deps.post ?? postOnce)(
    webhook.url,
    signedHeaders([webhook.secret], delivery.id, timestamp, delivery.body),
    delivery.body,
    {
      allowlist: config.PYNOMALY_WEBHOOK_ALLOWLIST,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      ...(deps.resolve ? { resolve: deps.resolve } : {}),
    },
  );
  const status = outcome.ok ? 'succeeded' : final ? 'failed' : 'pending';
  const updated = await deps.webhooks.recordAttempt(webhook.tenant_id, delivery, outcome, status);
  await deps.webhooks.recordOutcome(
    webhook.tenant_id,
    webhook.id,
    outcome.ok,
    config.WEBHOOK_DISABLE_AFTER_FAILURES,
    outcome.error ?? `HTTP ${outcome.status_code}`,
  );
  return { delivery: updated, outcome };
}

/** A product event as the bus delivers it. */
export interface ProductEvent {
  id: string;
  'detail-type': string;
  time: string;
  detail: { tenant_id: string } & Record<string, unknown>;
}

/** Thrown when some deliveries of an event failed and are due another attempt (the bus retries). */
export class DeliveryPendingError extends Error {
  constructor(readonly pending: string[]) {
    super(`${pending.length} webhook deliveries failed and will be retried`);
    this.name = 'DeliveryPendingError';
  }
}

/**
 * Delivers one product event to each of its tenant's active endpoints subscribed to its type.
 * The delivery id comes from the event's id and the endpoint's, so a retried or redriven event
 * resumes the same deliveries (same `webhook-id`) and skips those that succeeded. Throws
 * {@link DeliveryPendingError} when an attempt failed: the platform retries the invocation
 * (Lambda's asynchronous retries on AWS, the local bus's locally) and, past the last, the event
 * goes to the rule's dead-letter queue, whence a redrive attempts the failed deliveries again.
 * A delivery is labelled `failed` from its `WEBHOOK_MAX_ATTEMPTS`th failed attempt on; one to a
 * disabled endpoint is labelled `failed` without an attempt and not retried.
 */
export async function fanOut(event: ProductEvent, deps: WebhookDeps): Promise<DeliveryRecord[]> {
  const config = deps.config ?? webhookConfig();
  const { tenant_id: tenantId, ...data } = event.detail;
  const type = event['detail-type'];
  const subscribed = (await deps.webhooks.list(tenantId)).filter((w) => w.events.includes(type));
  // In parallel: a tenant has at most WEBHOOKS_PER_TENANT endpoints and an attempt takes at most
  // WEBHOOK_TIMEOUT_MS, which the consumer's own timeout (30 s) covers.
  const results = await Promise.all(
    subscribed.map(async (webhook) => {
      const now = new Date().toISOString();
      const delivery = await deps.webhooks.openDelivery(tenantId, {
        id: `msg_${deterministicId(event.id, webhook.id)}`,
        webhook_id: webhook.id,
        event_type: type,
        event_id: event.id,
        body: deliveryBody(type, event.time, { ...data, tenant_id: tenantId }),
        status: 'pending',
        attempts: [],
        created_at: now,
        updated_at: now,
      });
      if (delivery.status === 'succeeded') return { delivery, retry: false };
      if (webhook.status !== 'active') {
        await deps.webhooks.setDeliveryStatus(tenantId, delivery, 'failed');
        return { delivery: { ...delivery, status: 'failed' as const }, retry: false };
      }
      const final = delivery.attempts.length + 1 >= config.WEBHOOK_MAX_ATTEMPTS;
      const attempted = (await attemptDelivery(webhook, delivery, deps, final)).delivery;
      return { delivery: attempted, retry: attempted.status !== 'succeeded' };
    }),
  );
  const pending = results.filter((r) => r.retry).map((r) => r.delivery.id);
  if (pending.length > 0) throw new DeliveryPendingError(pending);
  return results.map((r) => r.delivery);
}

/** The test ping: one attempt of a `webhook.ping` message, answered with its delivery. */
export async function pingWebhook(principal: Principal, webhookId: string, deps: WebhookDeps) {
  const webhook = await deps.webhooks.get(principal.tenantId, webhookId);
  const now = new Date().toISOString();
  const eventId = randomBytes(12).toString('hex');
  const delivery = await deps.webhooks.openDelivery(principal.tenantId, {
    id: `msg_${deterministicId(eventId, webhook.id)}`,
    webhook_id: webhook.id,
    event_type: PING_EVENT,
    event_id: eventId,
    body: deliveryBody(PING_EVENT, now, { webhook_id: webhook.id, tenant_id: principal.tenantId }),
    status: 'pending',
    attempts: [],
    created_at: now,
    updated_at: now,
  });
  return deliveryDocument((await attemptDelivery(webhook, delivery, deps, true)).delivery);
}

/** Sends a delivery again (same id, same body, a fresh signature), whatever its status. */
export async function redeliver(
  principal: Principal,
  webhookId: string,
  deliveryId: string,
  deps: WebhookDeps,
) {
  const webhook = await deps.webhooks.get(principal.tenantId, webhookId);
  const delivery = await deps.webhooks.delivery(principal.tenantId, webhook.id, deliveryId);
  return deliveryDocument((await attemptDelivery(webhook, delivery, deps, true)).delivery);
}

/** The envelope of a product event as the consumer accepts it. */
export const productEventEnvelope = z.object({
  id: z.string().min(1),
  'detail-type': z.string().min(1),
  time: z.string().min(1),
  detail: z.looseObject({ tenant_id: z.string().min(1) }),
});

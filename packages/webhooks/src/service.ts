/** The webhook use cases: registration → fan-out of catalogued events → signed delivery attempts. */
import { randomBytes } from 'node:crypto';
import { ConflictError, deterministicId, newId, type Principal, ValidationError } from '@pynomaly/core';
import { z } from 'zod';
import { attemptDelivery } from './attempt';
import { webhookConfig } from './config';
import type { WebhookDeps } from './deps';
import type { DeliveryRecord, WebhookChanges, WebhookRecord } from './repository';
import { scheduleRetries } from './retries';
import { newSecret } from './signature';
import { checkTarget, resolveAll, UnsafeTargetError } from './ssrf';

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
    previous_secret_expires_at: webhook.previous_secret_expires_at ?? null,
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
    next_attempt_at: delivery.next_attempt_at ?? null,
    attempts: delivery.attempts,
    created_at: delivery.created_at,
    updated_at: delivery.updated_at,
  };
}

/** Refuses a URL that points anywhere but the public internet (a 400 on its `url` field). */
async function checkUrl(url: string, deps: WebhookDeps): Promise<void> {
  const config = deps.config ?? webhookConfig();
  try {
    await checkTarget(url, { allowlist: config.PYNOMALY_WEBHOOK_ALLOWLIST }, deps.resolve ?? resolveAll);
  } catch (error) {
    if (error instanceof UnsafeTargetError)
      throw new ValidationError(error.message, [{ field: 'url', message: error.message }]);
    throw error;
  }
}

/** Registers an endpoint after checking where it points; the answer carries the secret, once. */
export async function registerWebhook(
  principal: Principal,
  request: { url: string; events: string[]; description?: string | null | undefined },
  deps: WebhookDeps,
) {
  const config = deps.config ?? webhookConfig();
  await checkUrl(request.url, deps);
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

/** A product event as the bus delivers it. */
export interface ProductEvent {
  id: string;
  'detail-type': string;
  time: string;
  detail: { tenant_id: string } & Record<string, unknown>;
}

/** A new delivery of `body` to `webhook`, kept for WEBHOOK_DELIVERY_RETENTION_DAYS. */
function newDelivery(
  webhook: WebhookRecord,
  message: Pick<DeliveryRecord, 'event_type' | 'event_id' | 'body'>,
  deps: WebhookDeps,
): DeliveryRecord {
  const now = new Date();
  const retentionDays = (deps.config ?? webhookConfig()).WEBHOOK_DELIVERY_RETENTION_DAYS;
  return {
    id: `msg_${deterministicId(message.event_id, webhook.id)}`,
    webhook_id: webhook.id,
    ...message,
    status: 'pending',
    attempts: [],
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    expires_at: Math.floor(now.getTime() / 1000) + retentionDays * 86_400,
  };
}

/**
 * Delivers one product event to each of its tenant's active endpoints subscribed to its type:
 * a first attempt now, and when it fails a retry schedule over hours (./retries.ts). The
 * delivery id comes from the event's id and the endpoint's, so an event delivered twice (the
 * bus retrying this consumer after a fault) resumes the same deliveries with the same
 * `webhook-id`: it skips those attempted and starts their schedule once. One to a disabled
 * endpoint is labelled `failed` without an attempt.
 */
export async function fanOut(event: ProductEvent, deps: WebhookDeps): Promise<DeliveryRecord[]> {
  const { tenant_id: tenantId, ...data } = event.detail;
  const type = event['detail-type'];
  const subscribed = (await deps.webhooks.list(tenantId)).filter((w) => w.events.includes(type));
  // In parallel: a tenant has at most WEBHOOKS_PER_TENANT endpoints and an attempt takes at most
  // WEBHOOK_TIMEOUT_MS, which the consumer's own timeout (30 s) covers.
  return Promise.all(
    subscribed.map(async (webhook) => {
      const delivery = await deps.webhooks.openDelivery(
        tenantId,
        newDelivery(
          webhook,
          {
            event_type: type,
            event_id: event.id,
            body: deliveryBody(type, event.time, { ...data, tenant_id: tenantId }),
          },
          deps,
        ),
      );
      if (delivery.status !== 'pending') return delivery;
      if (webhook.status !== 'active') {
        await deps.webhooks.setDeliveryStatus(tenantId, delivery, 'failed');
        return { ...delivery, status: 'failed' as const };
      }
      const attempted =
        delivery.attempts.length > 0
          ? delivery
          : (await attemptDelivery(webhook, delivery, deps, false)).delivery;
      return attempted.status === 'pending' ? scheduleRetries(tenantId, attempted, deps) : attempted;
    }),
  );
}

/** The test ping: one attempt of a `webhook.ping` message, answered with its delivery. */
export async function pingWebhook(principal: Principal, webhookId: string, deps: WebhookDeps) {
  const webhook = await deps.webhooks.get(principal.tenantId, webhookId);
  const now = new Date().toISOString();
  const delivery = await deps.webhooks.openDelivery(
    principal.tenantId,
    newDelivery(
      webhook,
      {
        event_type: PING_EVENT,
        event_id: randomBytes(12).toString('hex'),
        body: deliveryBody(PING_EVENT, now, { webhook_id: webhook.id, tenant_id: principal.tenantId }),
      },
      deps,
    ),
  );
  return deliveryDocument((await attemptDelivery(webhook, delivery, deps, true)).delivery);
}

/**
 * An owner's changes: a new URL is checked like a registration's; `status` enables (clearing
 * the failure streak) or disables the endpoint by hand.
 */
export async function updateWebhook(
  principal: Principal,
  webhookId: string,
  changes: WebhookChanges,
  deps: WebhookDeps,
) {
  if (changes.url !== undefined) await checkUrl(changes.url, deps);
  const events = changes.events === undefined ? {} : { events: [...new Set(changes.events)] };
  return webhookDocument(
    await deps.webhooks.update(principal.tenantId, webhookId, { ...changes, ...events }),
  );
}

/**
 * A new signing secret, answered once. The replaced one signs beside it for
 * WEBHOOK_SECRET_OVERLAP_HOURS, so receivers switch over without dropping a message.
 */
export async function rotateSecret(principal: Principal, webhookId: string, deps: WebhookDeps) {
  const hours = (deps.config ?? webhookConfig()).WEBHOOK_SECRET_OVERLAP_HOURS;
  const until = new Date(Date.now() + hours * 3_600_000).toISOString();
  const webhook = await deps.webhooks.rotateSecret(principal.tenantId, webhookId, newSecret(), until);
  return { ...webhookDocument(webhook), secret: webhook.secret };
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

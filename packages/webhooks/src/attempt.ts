/** One signed attempt at a delivery, and what it does to the delivery and its endpoint. */
import { webhookConfig } from './config';
import type { WebhookDeps } from './deps';
import type { DeliveryRecord, WebhookRecord } from './repository';
import { type AttemptOutcome, postOnce } from './send';
import { signedHeaders } from './signature';

/**
 * The secrets that sign a message now: the current one, and during a rotation's overlap the
 * one it replaced, so a receiver still holding the old secret verifies it (Standard Webhooks
 * puts several signatures in one header, space-separated).
 */
export function signingSecrets(webhook: WebhookRecord, now = new Date()): string[] {
  const previousValid =
    webhook.previous_secret &&
    webhook.previous_secret_expires_at &&
    Date.parse(webhook.previous_secret_expires_at) > now.getTime();
  return previousValid && webhook.previous_secret
    ? [webhook.secret, webhook.previous_secret]
    : [webhook.secret];
}

/**
 * One attempt at a delivery: signed anew (the timestamp is the attempt's) with the same
 * `webhook-id`, recorded with its outcome on the delivery and on the endpoint's failure streak.
 * `final` marks the delivery failed when this attempt fails; otherwise it stays pending.
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
    signedHeaders(signingSecrets(webhook), delivery.id, timestamp, delivery.body),
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

/**
 * Retries over hours. A delivery whose first attempt fails gets a retry schedule: one execution
 * of the webhook state machine (functions/pipeline/webhook-definition.ts) that waits, attempts
 * (the AttemptDelivery task, {@link retryDelivery}) and waits again, per WEBHOOK_RETRY_SCHEDULE,
 * until an attempt succeeds or the schedule ends. Then the delivery is `failed`: a dead letter
 * its owner lists and redrives ({@link redriveFailed}) with the same `webhook-id`.
 */
import { createHash } from 'node:crypto';
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { NotFoundError, type Principal, required, sfnClient } from '@pynomaly/core';
import { z } from 'zod';
import { attemptDelivery } from './attempt';
import { MAX_WAIT_SECONDS, webhookConfig } from './config';
import type { WebhookDeps } from './deps';
import type { DeliveryRecord } from './repository';

/** The input of a webhook state machine execution, and of each of its attempts. */
export const queuedRetry = z.object({
  tenant_id: z.string().min(1),
  webhook_id: z.string().min(1),
  delivery_id: z.string().min(1),
  /** The attempt's place in the schedule: 0 the first, n after the schedule's nth wait. */
  attempt: z.number().int().min(0),
  /** Seconds the machine waits before the attempt. */
  wait_seconds: z.number().int().min(0).max(MAX_WAIT_SECONDS),
});
export type QueuedRetry = z.infer<typeof queuedRetry>;

/** What an attempt hands the machine: its next input, and whether to wait and try again. */
export type RetryStep = QueuedRetry & { next: 'retry' | 'done' };

/**
 * The wait after attempt `attempt` failed: the schedule's entry, jittered by ±20 % (drawn from
 * the delivery and the attempt, so receivers are not hit in lock-step and a restarted step
 * waits the same), and never shorter than what the receiver asked for with `Retry-After`
 * (capped at a day).
 */
export function retryWaitSeconds(
  schedule: readonly number[],
  attempt: number,
  deliveryId: string,
  retryAfterSeconds: number | null,
): number {
  const base = schedule[attempt] ?? 0;
  const unit = createHash('sha256').update(`${deliveryId}:${attempt}`).digest().readUInt32BE(0) / 2 ** 32;
  const jittered = Math.round(base * (0.8 + 0.4 * unit));
  const asked = Math.ceil(Math.min(retryAfterSeconds ?? 0, MAX_WAIT_SECONDS));
  return Math.min(MAX_WAIT_SECONDS, Math.max(jittered, asked));
}

/**
 * Starts a retry schedule, named so that starting it twice starts it once (Step Functions
 * answers the same name and input with the running execution, anything else with
 * `ExecutionAlreadyExists`: it was started before).
 */
async function startSchedule(name: string, input: QueuedRetry, deps: WebhookDeps): Promise<void> {
  try {
    await (deps.sfn ?? sfnClient()).send(
      new StartExecutionCommand({
        stateMachineArn: required('WEBHOOK_STATE_MACHINE_ARN'),
        name,
        input: JSON.stringify(input),
      }),
    );
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
}

const nextAttemptAt = (waitSeconds: number) => new Date(Date.now() + waitSeconds * 1000).toISOString();

/** After a delivery's first attempt failed: its retries, from the schedule's first wait. */
export async function scheduleRetries(
  tenantId: string,
  delivery: DeliveryRecord,
  deps: WebhookDeps,
): Promise<DeliveryRecord> {
  const schedule = (deps.config ?? webhookConfig()).WEBHOOK_RETRY_SCHEDULE;
  const first = delivery.attempts[0];
  const wait = retryWaitSeconds(schedule, 0, delivery.id, first?.retry_after_seconds ?? null);
  const input = { tenant_id: tenantId, webhook_id: delivery.webhook_id, delivery_id: delivery.id };
  await startSchedule(`${delivery.id}-retries`, { ...input, attempt: 1, wait_seconds: wait }, deps);
  const due = nextAttemptAt(wait);
  await deps.webhooks.setDeliveryStatus(tenantId, delivery, 'pending', due);
  return { ...delivery, next_attempt_at: due };
}

/**
 * One scheduled attempt (the AttemptDelivery task). A delivery gone with its webhook, already
 * delivered or given up on ends the schedule; one to a disabled endpoint is `failed` without an
 * attempt. A failed attempt before the schedule's end asks for the next wait.
 */
export async function retryDelivery(input: QueuedRetry, deps: WebhookDeps): Promise<RetryStep> {
  const done: RetryStep = { ...input, next: 'done' };
  const found = await Promise.all([
    deps.webhooks.get(input.tenant_id, input.webhook_id),
    deps.webhooks.delivery(input.tenant_id, input.webhook_id, input.delivery_id),
  ]).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  if (!found) return done;
  const [webhook, delivery] = found;
  if (delivery.status !== 'pending') return done;
  if (webhook.status !== 'active') {
    await deps.webhooks.setDeliveryStatus(input.tenant_id, delivery, 'failed');
    return done;
  }
  const schedule = (deps.config ?? webhookConfig()).WEBHOOK_RETRY_SCHEDULE;
  const final = input.attempt >= schedule.length;
  const { outcome } = await attemptDelivery(webhook, delivery, deps, final);
  if (outcome.ok || final) return done;
  const wait = retryWaitSeconds(schedule, input.attempt, delivery.id, outcome.retry_after_seconds);
  await deps.webhooks.setDeliveryStatus(input.tenant_id, delivery, 'pending', nextAttemptAt(wait));
  return { ...input, attempt: input.attempt + 1, wait_seconds: wait, next: 'retry' };
}

/** A schedule that ended without its machine's say (timed out, stopped): its delivery is failed. */
export async function failRetry(input: QueuedRetry, deps: Pick<WebhookDeps, 'webhooks'>): Promise<void> {
  await deps.webhooks.failPending(input.tenant_id, input.webhook_id, input.delivery_id);
}

/** Deliveries one redrive restarts at most; the answer says how many failed ones remain. */
export const REDRIVE_BATCH = 100;

/**
 * Redrives a webhook's dead letters: each `failed` delivery (created at or after `since`, oldest
 * first) becomes `pending` and gets a fresh schedule that attempts it at once, with its id.
 * The owner says the endpoint is mended, so a disabled one is enabled first.
 */
export async function redriveFailed(
  principal: Principal,
  webhookId: string,
  since: string | undefined,
  deps: WebhookDeps,
) {
  const webhook = await deps.webhooks.get(principal.tenantId, webhookId);
  if (webhook.status !== 'active')
    await deps.webhooks.update(principal.tenantId, webhook.id, { status: 'active' });
  const failed = (await deps.webhooks.deliveries(principal.tenantId, webhook.id))
    .filter((d) => d.status === 'failed' && (since === undefined || d.created_at >= since))
    .reverse();
  const batch = failed.slice(0, REDRIVE_BATCH);
  const redriven: string[] = [];
  for (const delivery of batch) {
    const redrive = await deps.webhooks.reopenFailed(principal.tenantId, delivery);
    if (redrive === undefined) continue;
    await startSchedule(
      `${delivery.id}-redrive-${redrive}`,
      {
        tenant_id: principal.tenantId,
        webhook_id: webhook.id,
        delivery_id: delivery.id,
        attempt: 0,
        wait_seconds: 0,
      },
      deps,
    );
    redriven.push(delivery.id);
  }
  return {
    webhook_id: webhook.id,
    redriven: redriven.length,
    delivery_ids: redriven,
    remaining: failed.length - batch.length,
  };
}

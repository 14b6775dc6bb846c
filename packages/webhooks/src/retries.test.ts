import { describe, expect, it } from 'vitest';
import { MAX_WAIT_SECONDS, webhookConfig } from './config';
import { failRetry, type QueuedRetry, redriveFailed, retryDelivery, retryWaitSeconds } from './retries';
import { fanOut, registerWebhook } from './service';
import {
  event,
  memoryRepository,
  principal,
  publicDns,
  recordingStepFunctions,
  scriptedReceiver,
} from './testing/memory';

const schedule = [5, 300, 1800, 7200, 18000, 36000, 36000];
const config = webhookConfig({ WEBHOOK_DISABLE_AFTER_FAILURES: '100' });

/** What the webhook state machine does: attempt, and while the answer says so, wait and attempt again. */
async function runMachine(input: QueuedRetry, deps: Parameters<typeof retryDelivery>[1]) {
  const waits: number[] = [input.wait_seconds];
  let step = await retryDelivery(input, deps);
  while (step.next === 'retry') {
    waits.push(step.wait_seconds);
    step = await retryDelivery(step, deps);
  }
  return waits;
}

describe('the retry schedule', () => {
  it('is the Standard Webhooks schedule by default, jittered by at most 20 % the same way every time', () => {
    expect(webhookConfig({}).WEBHOOK_RETRY_SCHEDULE).toEqual(schedule);
    schedule.forEach((base, attempt) => {
      const wait = retryWaitSeconds(schedule, attempt, 'msg_a', null);
      expect(wait).toBeGreaterThanOrEqual(Math.floor(base * 0.8));
      expect(wait).toBeLessThanOrEqual(Math.ceil(base * 1.2));
      expect(retryWaitSeconds(schedule, attempt, 'msg_a', null)).toBe(wait);
    });
    const spread = new Set(
      Array.from({ length: 20 }, (_, i) => retryWaitSeconds(schedule, 3, `msg_${i}`, null)),
    );
    expect(spread.size).toBeGreaterThan(10);
  });

  it("waits at least a receiver's Retry-After, up to a day", () => {
    expect(retryWaitSeconds(schedule, 0, 'msg_a', 120)).toBe(120);
    expect(retryWaitSeconds(schedule, 6, 'msg_a', 1)).toBeGreaterThan(28_000);
    expect(retryWaitSeconds(schedule, 0, 'msg_a', 10 ** 9)).toBe(MAX_WAIT_SECONDS);
  });

  it('refuses a schedule with a negative, fractional or over-long wait', () => {
    for (const bad of ['-1', '1.5', String(MAX_WAIT_SECONDS + 1), ''])
      expect(() => webhookConfig({ WEBHOOK_RETRY_SCHEDULE: bad })).toThrow();
  });
});

describe('retries on the webhook state machine', () => {
  it('attempts once per scheduled wait with the same webhook-id, then fails the delivery', async () => {
    const { repo, deliveries } = memoryRepository();
    const { calls, post } = scriptedReceiver([500], 60);
    const { sfn, started } = recordingStepFunctions();
    const deps = { webhooks: repo, config, resolve: publicDns, post, sfn };
    await registerWebhook(
      principal,
      { url: 'https://hooks.example.com/in', events: ['analysis.completed'] },
      deps,
    );
    await fanOut(event, deps);
    const [schedule0] = [...started.values()];

    const waits = await runMachine(schedule0?.input as QueuedRetry, deps);

    expect(calls).toHaveLength(schedule.length + 1);
    expect(new Set(calls.map((c) => c.headers['webhook-id'])).size).toBe(1);
    // Every wait is the schedule's, stretched to the receiver's Retry-After of 60 s where shorter.
    expect(waits).toHaveLength(schedule.length);
    waits.forEach((wait, i) => {
      expect(wait).toBe(retryWaitSeconds(schedule, i, [...deliveries.keys()][0] ?? '', 60));
    });
    expect(waits[0]).toBe(60);
    expect([...deliveries.values()][0]).toMatchObject({ status: 'failed', next_attempt_at: null });
  });

  it('stops at the first success, and when the webhook is disabled or deleted', async () => {
    const { repo, webhooks, deliveries } = memoryRepository();
    const { calls, post } = scriptedReceiver([500, 500, 204]);
    const { sfn, started } = recordingStepFunctions();
    const deps = { webhooks: repo, config, resolve: publicDns, post, sfn };
    const hook = await registerWebhook(
      principal,
      { url: 'https://hooks.example.com/in', events: ['analysis.completed'] },
      deps,
    );
    await fanOut(event, deps);
    const input = [...started.values()][0]?.input as QueuedRetry;
    await runMachine(input, deps);
    expect(calls).toHaveLength(3);
    expect([...deliveries.values()][0]).toMatchObject({ status: 'succeeded' });

    await fanOut({ ...event, id: 'evt-2' }, { ...deps, post: scriptedReceiver([500]).post });
    const second = [...started.values()][1]?.input as QueuedRetry;
    Object.assign(webhooks.get(hook.id) ?? {}, { status: 'disabled' });
    expect(await retryDelivery(second, deps)).toMatchObject({ next: 'done' });
    expect(deliveries.get(second.delivery_id)).toMatchObject({ status: 'failed' });

    webhooks.delete(hook.id);
    expect(await retryDelivery(second, deps)).toMatchObject({ next: 'done' });
  });

  it('fails a delivery whose schedule was cut short, and leaves a finished one alone', async () => {
    const { repo, deliveries } = memoryRepository();
    const deps = { webhooks: repo, config, resolve: publicDns, post: scriptedReceiver([500]).post };
    const { sfn, started } = recordingStepFunctions();
    await registerWebhook(
      principal,
      { url: 'https://hooks.example.com/in', events: ['analysis.completed'] },
      deps,
    );
    await fanOut(event, { ...deps, sfn });
    const input = [...started.values()][0]?.input as QueuedRetry;
    await failRetry(input, deps);
    expect(deliveries.get(input.delivery_id)).toMatchObject({ status: 'failed' });
  });
});

describe('redrive', () => {
  it('restarts each failed delivery at once with its id, enables the endpoint, and redrives each once', async () => {
    const { repo, webhooks, deliveries } = memoryRepository();
    const failing = scriptedReceiver([500]);
    const { sfn, started } = recordingStepFunctions();
    const deps = { webhooks: repo, config, resolve: publicDns, post: failing.post, sfn };
    const hook = await registerWebhook(
      principal,
      { url: 'https://hooks.example.com/in', events: ['analysis.completed'] },
      deps,
    );
    await fanOut(event, deps);
    await runMachine([...started.values()][0]?.input as QueuedRetry, deps);
    Object.assign(webhooks.get(hook.id) ?? {}, { status: 'disabled', disabled_reason: 'x' });
    const [failed] = [...deliveries.values()];

    const answer = await redriveFailed(principal, hook.id, undefined, deps);
    expect(answer).toEqual({ webhook_id: hook.id, redriven: 1, delivery_ids: [failed?.id], remaining: 0 });
    expect(webhooks.get(hook.id)).toMatchObject({ status: 'active' });
    const redrive = started.get(`${failed?.id}-redrive-1`);
    expect(redrive?.input).toMatchObject({ attempt: 0, wait_seconds: 0 });
    expect((await redriveFailed(principal, hook.id, undefined, deps)).redriven).toBe(0);

    const mended = scriptedReceiver([200]);
    await runMachine(redrive?.input as QueuedRetry, { ...deps, post: mended.post });
    expect(mended.calls[0]?.headers['webhook-id']).toBe(failed?.id);
    expect(deliveries.get(failed?.id ?? '')).toMatchObject({ status: 'succeeded' });
    expect(await redriveFailed(principal, hook.id, '2999-01-01T00:00:00.000Z', deps)).toMatchObject({
      redriven: 0,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { signingSecrets } from './attempt';
import { webhookConfig } from './config';
import { fanOut, registerWebhook, rotateSecret, updateWebhook } from './service';
import { verify } from './signature';
import {
  event,
  memoryRepository,
  principal,
  publicDns,
  recordingStepFunctions,
  scriptedReceiver,
} from './testing/memory';

const config = webhookConfig({ WEBHOOK_RETRY_SCHEDULE: '5,300,1800', WEBHOOK_DISABLE_AFTER_FAILURES: '3' });

describe('fan-out', () => {
  it('delivers to subscribers only, once, signed, and skips a finished delivery when the event comes again', async () => {
    const { repo } = memoryRepository();
    const { calls, post } = scriptedReceiver([200]);
    const { sfn, started } = recordingStepFunctions();
    const deps = { webhooks: repo, config, resolve: publicDns, post, sfn };
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
    expect(started.size).toBe(0);
    const [call] = calls;
    expect(JSON.parse(call?.body ?? '')).toEqual({
      type: 'analysis.completed',
      timestamp: event.time,
      data: { version: 1, dataset_id: 'd1', tenant_id: 't1' },
    });
    expect(verify(hook.secret, call?.headers ?? {}, call?.body ?? '')).toBe(true);
  });

  it('starts one retry schedule after a failed first attempt, however often the event comes', async () => {
    const { repo, deliveries } = memoryRepository();
    const { calls, post } = scriptedReceiver([500]);
    const { sfn, started } = recordingStepFunctions();
    const deps = { webhooks: repo, config, resolve: publicDns, post, sfn };
    await registerWebhook(
      principal,
      { url: 'https://hooks.example.com/in', events: ['analysis.completed'] },
      deps,
    );

    await fanOut(event, deps);
    await fanOut(event, deps);

    expect(calls).toHaveLength(1);
    const [delivery] = [...deliveries.values()];
    expect(delivery).toMatchObject({ status: 'pending', next_attempt_at: expect.any(String) });
    expect([...started.values()]).toEqual([
      {
        name: `${delivery?.id}-retries`,
        input: {
          tenant_id: 't1',
          webhook_id: delivery?.webhook_id,
          delivery_id: delivery?.id,
          attempt: 1,
          wait_seconds: expect.any(Number),
        },
      },
    ]);
    const wait = Number([...started.values()][0]?.input.wait_seconds);
    expect(wait).toBeGreaterThanOrEqual(4);
    expect(wait).toBeLessThanOrEqual(6);
  });

  it('labels a delivery to a disabled endpoint failed without an attempt', async () => {
    const { repo, webhooks, deliveries } = memoryRepository();
    const { calls, post } = scriptedReceiver([200]);
    const deps = { webhooks: repo, config, resolve: publicDns, post, ...recordingStepFunctions() };
    const hook = await registerWebhook(
      principal,
      { url: 'https://hooks.example.com/in', events: ['analysis.completed'] },
      deps,
    );
    Object.assign(webhooks.get(hook.id) ?? {}, { status: 'disabled' });
    await fanOut(event, deps);
    expect(calls).toHaveLength(0);
    expect([...deliveries.values()][0]).toMatchObject({ status: 'failed', attempts: [] });
  });
});

describe('registration and changes', () => {
  it('refuses registration past the tenant limit and to unsafe targets', async () => {
    const { repo } = memoryRepository();
    const deps = { webhooks: repo, config: webhookConfig({ WEBHOOKS_PER_TENANT: '1' }), resolve: publicDns };
    await registerWebhook(principal, { url: 'https://a.example.com/', events: ['dataset.failed'] }, deps);
    await expect(
      registerWebhook(principal, { url: 'https://b.example.com/', events: ['dataset.failed'] }, deps),
    ).rejects.toMatchObject({ statusCode: 409 });
    await expect(
      registerWebhook(principal, { url: 'http://169.254.169.254/', events: ['dataset.failed'] }, deps),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it('checks a changed URL like a new one and leaves the webhook as it was when refused', async () => {
    const { repo, webhooks } = memoryRepository();
    const deps = { webhooks: repo, config, resolve: publicDns };
    const hook = await registerWebhook(
      principal,
      { url: 'https://a.example.com/', events: ['dataset.failed'] },
      deps,
    );
    await expect(
      updateWebhook(principal, hook.id, { url: 'http://[::ffff:127.0.0.1]/' }, deps),
    ).rejects.toMatchObject({ statusCode: 400 });
    expect(webhooks.get(hook.id)?.url).toBe('https://a.example.com/');
    const changed = await updateWebhook(
      principal,
      hook.id,
      { events: ['dataset.failed', 'dataset.failed'] },
      deps,
    );
    expect(changed.events).toEqual(['dataset.failed']);
  });

  it('signs with the new and the replaced secret during the overlap, then with the new one only', async () => {
    const { repo } = memoryRepository();
    const deps = { webhooks: repo, config, resolve: publicDns };
    const hook = await registerWebhook(
      principal,
      { url: 'https://a.example.com/', events: ['dataset.failed'] },
      deps,
    );
    const rotated = await rotateSecret(principal, hook.id, deps);
    expect(rotated.secret).not.toBe(hook.secret);
    const stored = await repo.get('t1', hook.id);
    expect(signingSecrets(stored)).toEqual([rotated.secret, hook.secret]);
    const later = new Date(Date.parse(String(rotated.previous_secret_expires_at)) + 1000);
    expect(signingSecrets(stored, later)).toEqual([rotated.secret]);
  });
});

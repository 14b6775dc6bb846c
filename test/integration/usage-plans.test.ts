import {
  APIGatewayClient,
  DeleteApiKeyCommand,
  GetApiKeysCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
  UpdateUsagePlanCommand,
  type UsagePlan,
} from '@aws-sdk/client-api-gateway';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser } from '../support/aws';
import { authed, login, loginAdmin, loginEnrollingTotp } from '../support/client';

/**
 * Per-caller usage plans on the local stack (ADR 0004): every user and every API key gets an
 * API Gateway key of its own in its tier's plan, made by the authorizer on its first request,
 * moved when its tier changes and deleted with it; the local gateway meters each request on
 * the key the authorizer named, as API Gateway does. Keys and plans are read through the API
 * Gateway stand-in with the SDK, as an operator would read them in AWS.
 */
type Json = Record<string, unknown>;

const RUN = Date.now().toString(36);
const PASSWORD = 'Usage-Password-1';
let client: APIGatewayClient;
let admin: ReturnType<typeof authed>;
let plans: Record<string, UsagePlan> = {};

const planId = (tier: string) => plans[tier]?.id ?? '';

/** The caller's API Gateway keys (one, or none), by the name the authorizer gives them. */
async function keysOf(callerId: string) {
  const out = await client.send(
    new GetApiKeysCommand({ nameQuery: `pynomaly-${callerId}`, includeValues: true, limit: 500 }),
  );
  return (out.items ?? []).filter((k) => k.name === `pynomaly-${callerId}`);
}

/** The tiers whose plan holds a key. */
async function plansHolding(keyId: string) {
  const holding: string[] = [];
  for (const [tier, plan] of Object.entries(plans)) {
    const out = await client.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id, limit: 500 }));
    if ((out.items ?? []).some((k) => k.id === keyId)) holding.push(tier);
  }
  return holding;
}

/** A new user in a role, signed in (with TOTP enrolled, for `mfa`): its client and its user id. */
async function newUser(label: string, role = 'viewer', options: { mfa?: boolean } = {}) {
  const username = `usage-${label}-${RUN}`;
  await createUser(username, PASSWORD, role);
  const token = options.mfa
    ? (await loginEnrollingTotp(username, PASSWORD)).token
    : await login(username, PASSWORD);
  const call = authed(token);
  const me = (await (await call('/api/v1/auth/me')).json()) as Json;
  return { username, call, id: String(me.user_id) };
}

/** Sets figures of the user tier's plan (UpdateUsagePlan, as an operator would in AWS). */
async function setUserPlan(figures: { rateLimit?: number; burstLimit?: number; quota?: number }) {
  const paths = {
    rateLimit: '/throttle/rateLimit',
    burstLimit: '/throttle/burstLimit',
    quota: '/quota/limit',
  };
  await client.send(
    new UpdateUsagePlanCommand({
      usagePlanId: planId('user'),
      patchOperations: Object.entries(figures).map(([name, value]) => ({
        op: 'replace',
        path: paths[name as keyof typeof paths],
        value: String(value),
      })),
    }),
  );
}

const asProblem = async (response: Response) => ({
  status: response.status,
  retryAfter: response.headers.get('retry-after'),
  limitHeader: response.headers.get('x-ratelimit-limit'),
  type: response.headers.get('content-type'),
  body: (await response.json()) as Json,
});

beforeAll(async () => {
  const local = inject('local');
  client = new APIGatewayClient({
    region: local.region,
    endpoint: local.apigateway_endpoint,
    credentials: { accessKeyId: local.aws_access_key_id, secretAccessKey: local.aws_secret_access_key },
  });
  const out = await client.send(new GetUsagePlansCommand({}));
  plans = Object.fromEntries((out.items ?? []).map((p) => [String(p.name).replace(/^pynomaly-/, ''), p]));
  admin = authed(await loginAdmin());
});

afterAll(() => client.destroy());

describe('usage plans on the local stack', () => {
  it('are the three tier plans the CDK stack creates, with its figures', () => {
    expect(Object.keys(plans).sort()).toEqual(['admin', 'api_key', 'user']);
    expect(plans.user).toMatchObject({
      throttle: { rateLimit: 1000 / 60, burstLimit: 200 },
      quota: { limit: 24_000, period: 'DAY' },
    });
  });

  it('give each user a key of their own in their tier plan, on their first request', async () => {
    const alice = await newUser('alice');
    const bob = await newUser('bob');

    const [aliceKey] = await keysOf(alice.id);
    const [bobKey] = await keysOf(bob.id);

    expect(aliceKey?.enabled).toBe(true);
    expect(bobKey?.enabled).toBe(true);
    expect(aliceKey?.value).not.toBe(bobKey?.value);
    expect(await plansHolding(aliceKey?.id ?? '')).toEqual(['user']);
    expect(await plansHolding(bobKey?.id ?? '')).toEqual(['user']);
  });

  describe('with the user plan made small', () => {
    const original = () => plans.user;
    afterAll(async () => {
      await setUserPlan({
        rateLimit: original()?.throttle?.rateLimit ?? 0,
        burstLimit: original()?.throttle?.burstLimit ?? 0,
        quota: original()?.quota?.limit ?? 0,
      });
    });

    it('throttle a user past their burst with 429 Too Many Requests, and not another user of the tier', async () => {
      const carol = await newUser('carol');
      const dave = await newUser('dave');
      // Each bucket holds at most the burst: three requests, then one a second.
      await setUserPlan({ rateLimit: 1, burstLimit: 3 });

      const started = Date.now();
      const answers = await Promise.all(Array.from({ length: 12 }, () => carol.call('/api/v1/auth/me')));
      const seconds = (Date.now() - started) / 1000;
      const passed = answers.filter((a) => a.status === 200).length;
      const throttled = await Promise.all(answers.filter((a) => a.status === 429).map(asProblem));

      expect(passed).toBeGreaterThanOrEqual(3);
      expect(passed).toBeLessThanOrEqual(3 + Math.ceil(seconds));
      expect(passed + throttled.length).toBe(12);
      expect(throttled[0]).toMatchObject({
        status: 429,
        retryAfter: '1',
        limitHeader: null,
        type: 'application/problem+json',
        body: { status: 429, title: 'Too many requests', detail: 'Too Many Requests' },
      });
      for (let i = 0; i < 3; i++) expect((await dave.call('/api/v1/auth/me')).status).toBe(200);
    });

    it('refuse a user past their daily quota with 429 Limit Exceeded, and not another user', async () => {
      const erin = await newUser('erin');
      const frank = await newUser('frank');
      // Each made one request (/auth/me) on signing in.
      await setUserPlan({ rateLimit: 100, burstLimit: 100, quota: 4 });

      for (let i = 0; i < 3; i++) expect((await erin.call('/api/v1/auth/me')).status).toBe(200);
      const over = await asProblem(await erin.call('/api/v1/auth/me'));

      expect(over).toMatchObject({
        status: 429,
        retryAfter: null,
        type: 'application/problem+json',
        body: { status: 429, title: 'Too many requests', detail: 'Limit Exceeded' },
      });
      expect((await frank.call('/api/v1/auth/me')).status).toBe(200);
    });
  });

  it('refuse 403 Forbidden a request whose key API Gateway does not hold', async () => {
    const grace = await newUser('grace');
    const [key] = await keysOf(grace.id);
    // Deleted behind the product's back: the authorizer still names it.
    await client.send(new DeleteApiKeyCommand({ apiKey: key?.id ?? '' }));

    const refused = await asProblem(await grace.call('/api/v1/auth/me'));

    expect(refused).toMatchObject({
      status: 403,
      body: { status: 403, title: 'Forbidden', detail: 'Forbidden' },
    });
  });

  it("delete a deleted user's key, and a disabled user's", async () => {
    const heidi = await newUser('heidi');
    const ivan = await newUser('ivan');
    expect(await keysOf(heidi.id)).toHaveLength(1);
    expect(await keysOf(ivan.id)).toHaveLength(1);

    expect((await admin(`/api/v1/admin/users/${heidi.username}`, { method: 'DELETE' })).status).toBe(204);
    const disabled = await admin(`/api/v1/admin/users/${ivan.username}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ enabled: false }),
    });
    expect(disabled.status).toBe(200);

    expect(await keysOf(heidi.id)).toEqual([]);
    expect(await keysOf(ivan.id)).toEqual([]);
  });

  it("delete a revoked API key's key, and those of the API keys of a deleted admin", async () => {
    const created = (await (
      await admin('/api/v1/api-keys', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: `usage-${RUN}`, scopes: ['datasets:read'] }),
      })
    ).json()) as Json;
    const withKey = (path: string) =>
      fetch(`${inject('local').api_url}${path}`, { headers: { 'X-API-Key': String(created.key) } });
    expect((await withKey('/api/v1/datasets')).status).toBe(200);
    const [key] = await keysOf(`apikey:${created.id}`);
    expect(await plansHolding(key?.id ?? '')).toEqual(['api_key']);

    expect((await admin(`/api/v1/api-keys/${created.id}`, { method: 'DELETE' })).status).toBe(200);
    expect(await keysOf(`apikey:${created.id}`)).toEqual([]);

    const judy = await newUser('judy', 'admin', { mfa: true });
    const judysKey = (await (
      await judy.call('/api/v1/api-keys', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: `usage-judy-${RUN}`, scopes: ['datasets:read'] }),
      })
    ).json()) as Json;
    const judysCall = await fetch(`${inject('local').api_url}/api/v1/datasets`, {
      headers: { 'X-API-Key': String(judysKey.key) },
    });
    expect(judysCall.status).toBe(200);
    expect(await keysOf(`apikey:${judysKey.id}`)).toHaveLength(1);

    expect((await admin(`/api/v1/admin/users/${judy.username}`, { method: 'DELETE' })).status).toBe(204);

    expect(await keysOf(`apikey:${judysKey.id}`)).toEqual([]);
    expect(await keysOf(judy.id)).toEqual([]);
  });

  it("move a demoted admin's key from the admin plan to the user plan, at their next request", async () => {
    const kim = await newUser('kim', 'admin');
    const [before] = await keysOf(kim.id);
    expect(await plansHolding(before?.id ?? '')).toEqual(['admin']);

    const demoted = await admin(`/api/v1/admin/users/${kim.username}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ role: 'viewer' }),
    });
    expect(demoted.status).toBe(200);
    const again = authed(await login(kim.username, PASSWORD));
    const me = (await (await again('/api/v1/auth/me')).json()) as Json;

    expect(me.tier).toBe('user');
    const [after] = await keysOf(kim.id);
    expect(after?.id).toBe(before?.id);
    expect(await plansHolding(after?.id ?? '')).toEqual(['user']);
  });
});

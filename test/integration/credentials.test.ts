import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { makeXlsx } from '../../packages/ingest/src/testing/make-xlsx';
import { createUser, poolAttribute, signInAtPool } from '../support/aws';
import {
  apiUrl,
  authed,
  fromAddress,
  login,
  loginAdmin,
  loginEnrollingTotp,
  loginWithTotp,
  receivedUpload,
} from '../support/client';

type Json = Record<string, unknown>;
const jsonBody = (body: unknown, method = 'POST') => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});
const post = (path: string, body: unknown) => fetch(`${apiUrl()}${path}`, jsonBody(body));

async function signIn(username: string, password: string) {
  const response = await post('/api/v1/auth/login', { username, password });
  expect(response.status, `sign-in of ${username}`).toBe(200);
  return (await response.json()) as { access_token: string; refresh_token: string };
}

/** An administrator of their own tenant, signed in with TOTP, with an API key that may write. */
async function adminWithKey(name: string) {
  await createUser(name, `${name}-Password-1`, 'admin');
  const { token, secret } = await loginEnrollingTotp(name, `${name}-Password-1`);
  const call = authed(token);
  const created = (await (
    await call(
      '/api/v1/api-keys',
      jsonBody({ name: `${name}-key`, scopes: ['datasets:read', 'datasets:write'] }),
    )
  ).json()) as { key: string };
  const withKey = (path: string, init: RequestInit = {}) =>
    fetch(`${apiUrl()}${path}`, { ...init, headers: { 'X-API-Key': created.key, ...(init.headers ?? {}) } });
  return { call, withKey, secret };
}

/**
 * Every credential dies with its owner (issue #9, items 2–4 and 10): against the real
 * authorizer, gateway and handlers of the local stack.
 */
describe('credentials end with their owner', () => {
  let admin: ReturnType<typeof authed>;
  beforeAll(async () => {
    admin = authed(await loginAdmin());
  });

  it("stops a demoted admin's token and API keys on the next request", async () => {
    const { call, withKey, secret } = await adminWithKey('demoted-admin');
    expect((await withKey('/api/anomaly/datasets')).status).toBe(200);
    expect((await call('/api/v1/api-keys')).status).toBe(200);
    const demote = await admin('/api/v1/admin/users/demoted-admin', jsonBody({ role: 'analyst' }, 'PATCH'));
    expect(demote.status).toBe(200);
    expect((await withKey('/api/anomaly/datasets')).status).toBe(401);
    expect((await call('/api/anomaly/datasets')).status).toBe(401);
    const again = authed(await loginWithTotp('demoted-admin', 'demoted-admin-Password-1', secret));
    expect((await again('/api/anomaly/datasets')).status).toBe(200);
    expect((await again('/api/v1/api-keys')).status).toBe(403);
  });

  it("stops a deleted admin's token and API keys", async () => {
    const { call, withKey } = await adminWithKey('deleted-admin');
    const [key] = (await (await call('/api/v1/api-keys')).json()) as Array<{ id: string }>;
    expect((await admin('/api/v1/admin/users/deleted-admin', { method: 'DELETE' })).status).toBe(204);
    expect((await withKey('/api/anomaly/datasets')).status).toBe(401);
    expect((await call('/api/anomaly/datasets')).status).toBe(401);
    expect(key?.id).toBeTruthy();
  });

  it("stops a disabled user's token, and re-enabling does not bring the old one back", async () => {
    await createUser('disabled-analyst', 'Disabled-Password-1', 'analyst');
    const call = authed(await login('disabled-analyst', 'Disabled-Password-1'));
    expect((await call('/api/anomaly/datasets')).status).toBe(200);
    expect(
      (await admin('/api/v1/admin/users/disabled-analyst', jsonBody({ enabled: false }, 'PATCH'))).status,
    ).toBe(200);
    expect((await call('/api/anomaly/datasets')).status).toBe(401);
    await admin('/api/v1/admin/users/disabled-analyst', jsonBody({ enabled: true }, 'PATCH'));
    expect((await call('/api/anomaly/datasets')).status).toBe(401);
    const fresh = authed(await login('disabled-analyst', 'Disabled-Password-1'));
    expect((await fresh('/api/anomaly/datasets')).status).toBe(200);
  });

  it('refuses a token taken from the user pool directly, past the SMS second factor', async () => {
    await createUser('sms-user', 'Sms-Password-1', 'analyst');
    const sam = authed(await login('sms-user', 'Sms-Password-1'));
    const setup = await sam('/api/v1/mfa/sms/setup', jsonBody({ phone_number: '+6598765432' }));
    expect(setup.status, await setup.clone().text()).toBe(200);
    const texts = readFileSync(inject('local').sms_outbox, 'utf8').trim().split('\n');
    const last = JSON.parse(texts.at(-1) ?? '{}') as { message?: string };
    const code = /(\d{6})/.exec(last.message ?? '')?.[1];
    expect((await sam('/api/v1/mfa/sms/verify', jsonBody({ code }))).status).toBe(200);

    const direct = await signInAtPool('sms-user', 'Sms-Password-1');
    const bypass = authed(direct);
    expect((await bypass('/api/anomaly/datasets')).status).toBe(401);
    const challenge = (await (
      await post('/api/v1/auth/login', { username: 'sms-user', password: 'Sms-Password-1' })
    ).json()) as Json;
    expect(challenge).toMatchObject({ mfa_required: true, method: 'sms' });
  });

  it('ends the whole sign-in on logout without a refresh token: the token and its refresh stop working', async () => {
    const tokens = await signIn('admin', 'password123');
    const call = authed(tokens.access_token);
    expect((await call('/api/v1/auth/logout', jsonBody({}))).status).toBe(200);
    expect((await call('/api/anomaly/datasets')).status).toBe(401);
    const refreshed = await post('/api/v1/auth/refresh', { refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(401);
  });

  it('still refreshes an open session, and the refreshed token works', async () => {
    const tokens = await signIn('admin', 'password123');
    const refreshed = await post('/api/v1/auth/refresh', { refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    const { access_token } = (await refreshed.json()) as { access_token: string };
    expect((await authed(access_token)('/api/anomaly/datasets')).status).toBe(200);
  });
});

describe('e-mail addresses', () => {
  it('marks an address verified only when an administrator vouches for it, never on self-registration', async () => {
    const admin = authed(await loginAdmin());
    expect(
      (
        await post('/api/v1/auth/register', {
          username: 'self-made',
          password: 'Self-Made-1',
          email: 'ceo@bank.example',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await admin(
          '/api/v1/admin/users',
          jsonBody({ username: 'vouched', password: 'Vouched-Pass-1', email: 'vouched@corp.example' }),
        )
      ).status,
    ).toBe(201);
    expect(await poolAttribute('self-made', 'email_verified')).toBe('false');
    expect(await poolAttribute('vouched', 'email_verified')).toBe('true');
  });
});

describe('one upload quota per tenant, whichever way in', () => {
  const quota = inject('uploadQuota');
  const csv = () => {
    const form = new FormData();
    form.append('file', new Blob(['a,b\n1,2\n3,4\n'], { type: 'text/csv' }), 'small.csv');
    return { method: 'POST', body: form };
  };
  const xlsx = () => {
    const form = new FormData();
    form.append(
      'file',
      new Blob([
        makeXlsx([
          {
            name: 'S',
            rows: [
              ['a', 'b'],
              [1, 2],
              [3, 4],
            ],
          },
        ]),
      ]),
      'small.xlsx',
    );
    return { method: 'POST', body: form };
  };

  it('counts v1 uploads, triage uploads and large uploads together, and an API key against its tenant', async () => {
    const { call, withKey } = await adminWithKey('quota-admin');
    for (let i = 0; i < quota - 3; i++)
      expect((await call('/api/v1/datasets/upload', csv())).status).toBe(201);
    const triaged = await call('/api/anomaly/datasets/upload', xlsx());
    expect(triaged.status).toBe(201);
    // The gateway stores a triage upload; its receiver charges the quota a moment later.
    const triagedId = String(((await triaged.json()) as Json)._id);
    await receivedUpload(call, triagedId);
    const large = await call('/api/v1/datasets/uploads', jsonBody({ filename: 'big.csv', size: 1000 }));
    expect(large.status).toBe(201);
    expect((await withKey('/api/v1/datasets/upload', csv())).status).toBe(201);
    for (const over of [
      await call('/api/v1/datasets/upload', csv()),
      await withKey('/api/v1/datasets/upload', csv()),
    ]) {
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // No function answers a triage upload, so one over the quota is recorded as refused.
    const over = await call('/api/anomaly/datasets/upload', xlsx());
    expect(over.status).toBe(201);
    const overId = String(((await over.json()) as Json)._id);
    const session = await receivedUpload(call, overId);
    expect(session).toMatchObject({ status: 'error', reports_generated: 0 });
    expect(String(session.error_message)).toMatch(/quota/i);
    expect(await (await call(`/api/anomaly/datasets/${overId}`)).json()).toMatchObject({
      status: 'rejected',
    });
    expect(await (await call(`/api/anomaly/datasets/${triagedId}`)).json()).not.toMatchObject({
      status: 'rejected',
    });
  });

  it('records a dropped file over the quota as rejected, keeps the object and starts no analysis', async () => {
    const { call } = await adminWithKey('drop-admin');
    const { tenant_id: tenant } = (await (await call('/api/v1/auth/me')).json()) as { tenant_id: string };
    for (let i = 0; i < quota; i++) expect((await call('/api/v1/datasets/upload', csv())).status).toBe(201);
    const { awsCli } = await import('../support/aws');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'drop-')), 'over-quota.xlsx');
    writeFileSync(
      path,
      makeXlsx([{ name: 'S', rows: [['a', 'b'], ...Array.from({ length: 20 }, (_, i) => [i, i * 2])] }]),
    );
    const target = `s3://${inject('local').bucket}/incoming/${tenant}/over-quota.xlsx`;
    await awsCli(['s3', 'cp', path, target]);
    let dataset: Json | undefined;
    for (let i = 0; i < 120 && !dataset; i++) {
      const list = (await (await call('/api/anomaly/datasets?limit=100')).json()) as Json[];
      dataset = list.find((d) => d.filename === 'over-quota.xlsx');
      if (!dataset) await new Promise((r) => setTimeout(r, 250));
    }
    expect(dataset).toMatchObject({ status: 'rejected' });
    const full = (await (await call(`/api/anomaly/datasets/${dataset?.id}`)).json()) as Json;
    expect(String(full.error_message)).toMatch(/quota/i);
    const session = (await (await call(`/api/anomaly/datasets/${dataset?.id}/session`)).json()) as Json;
    expect(session).toMatchObject({ status: 'error', reports_generated: 0 });
    expect(await awsCli(['s3', 'ls', target])).toContain('over-quota.xlsx');
  });
});

describe('budgets per class of route and per source address', () => {
  it('keeps health polling from spending the sign-in budget', async () => {
    const client = fromAddress('127.0.0.7');
    for (let i = 0; i < 40; i++) expect((await client('/api/health')).status).toBe(200);
    const signIn = await client('/api/v1/auth/login', {
      ...jsonBody({ username: 'admin', password: 'password123' }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(signIn.status).toBe(200);
    expect(signIn.headers['x-ratelimit-remaining']).toBe('299');
  });

  it('gives registration its own small budget', async () => {
    const client = fromAddress('127.0.0.8');
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const answer = await client('/api/v1/auth/register', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: `budget-${i}-${Date.now()}`, password: 'Budget-Password-1' }),
      });
      statuses.push(answer.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
    expect(statuses[20]).toBe(429);
    const health = await client('/api/health');
    expect(health.status).toBe(200);
  });

  it('locks a username after five wrong passwords, even for the right one', async () => {
    await createUser('lockout-user', 'Lockout-Password-1', 'viewer');
    for (let i = 0; i < 5; i++)
      expect((await post('/api/v1/auth/login', { username: 'lockout-user', password: 'wrong' })).status).toBe(
        401,
      );
    const locked = await post('/api/v1/auth/login', {
      username: 'lockout-user',
      password: 'Lockout-Password-1',
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('counts refused credentials per address and throttles the address, with Retry-After', async () => {
    const client = fromAddress('127.0.0.9');
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++) {
      const key = `pyn_${'0'.repeat(26)}_${String(i).padStart(43, 'x')}`;
      statuses.push((await client('/api/anomaly/datasets', { headers: { 'X-API-Key': key } })).status);
    }
    expect(statuses.slice(0, 100).every((s) => s === 401)).toBe(true);
    expect(statuses[100]).toBe(429);
    const token = await login();
    const throttled = await client('/api/anomaly/datasets', {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect((await authed(token)('/api/anomaly/datasets')).status).toBe(200);
  });
});

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { makeXlsx } from '../../packages/ingest/src/testing/make-xlsx';
import { apiUrl, authed, login, loginAdmin, loginEnrollingTotp } from '../support/client';
import { totp } from '../support/totp';

type Json = Record<string, unknown>;

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${apiUrl()}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const withKey =
  (key: string) =>
  (path: string, init: RequestInit = {}) =>
    fetch(`${apiUrl()}${path}`, { ...init, headers: { 'X-API-Key': key, ...(init.headers ?? {}) } });
const jsonBody = (body: unknown) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});
const smallWorkbook = () =>
  makeXlsx([
    { name: 'Log', rows: [['user', 'bytes'], ...Array.from({ length: 12 }, (_, i) => [`u${i}`, 100 + i])] },
  ]);
function upload(call: ReturnType<typeof authed>) {
  const form = new FormData();
  form.append('file', new Blob([smallWorkbook()]), 'small.xlsx');
  return call('/api/anomaly/datasets/upload', { method: 'POST', body: form });
}

describe('accounts, roles, API keys and limits', () => {
  let admin: ReturnType<typeof authed>;
  const self = inject('suiteAdmin').username;

  beforeAll(async () => {
    admin = authed(await loginAdmin());
  });

  it('refuses a wrong password and an unknown user alike, and audits the failure', async () => {
    const wrong = await post('/api/v1/auth/login', { username: 'admin', password: 'nope' });
    const unknown = await post('/api/auth/login', { username: 'nobody-at-all', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(((await wrong.json()) as Json).detail).toBe(((await unknown.json()) as Json).detail);
    const audit = (await (await admin('/api/v1/admin/audit?action=login_failed')).json()) as Json[];
    expect(audit.some((e) => e.actor === 'nobody-at-all')).toBe(true);
  });

  it('registers viewers, who may read but not write, and never reach admin routes', async () => {
    const registered = await post('/api/v1/auth/register', {
      username: 'vera',
      password: 'Vera-password-1',
      email: 'vera@example.com',
    });
    expect(registered.status).toBe(201);
    expect(await registered.json()).toMatchObject({ username: 'vera', role: 'viewer' });
    expect((await post('/api/auth/register', { username: 'vera', password: 'Vera-password-1' })).status).toBe(
      409,
    );
    expect((await post('/api/auth/register', { username: 'eve', password: 'x', role: 'admin' })).status).toBe(
      400,
    );

    const vera = authed(await login('vera', 'Vera-password-1'));
    expect((await vera('/api/anomaly/datasets')).status).toBe(200);
    expect((await upload(vera)).status).toBe(403);
    expect((await vera('/api/v1/admin/users')).status).toBe(403);
    expect(
      (
        await vera('/api/v1/admin/users/vera', {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json' },
          body: '{"role":"admin"}',
        })
      ).status,
    ).toBe(403);
    expect(await (await vera('/api/v1/auth/me')).json()).toMatchObject({
      username: 'vera',
      role: 'viewer',
      tier: 'user',
    });
  });

  it('lets administrators manage users but not raise or drop their own role', async () => {
    const created = await admin(
      '/api/v1/admin/users',
      jsonBody({ username: 'andy', password: 'Andy-password-1', role: 'analyst' }),
    );
    expect(created.status).toBe(201);
    const users = (await (await admin('/api/v1/admin/users')).json()) as Json[];
    expect(users.find((u) => u.username === 'andy')).toMatchObject({
      role: 'analyst',
      enabled: true,
      mfa_enabled: false,
    });

    const promote = await admin('/api/v1/admin/users/andy', {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: '{"role":"viewer"}',
    });
    expect(await promote.json()).toMatchObject({ role: 'viewer' });
    const ownRole = await admin(`/api/v1/admin/users/${self}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: '{"role":"viewer"}',
    });
    expect(ownRole.status).toBe(403);
    const smuggle = await admin('/api/v1/admin/users/andy', {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: '{"user_id":"x"}',
    });
    expect(smuggle.status).toBe(400);

    const disabled = await admin('/api/v1/admin/users/andy', {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: '{"enabled":false}',
    });
    expect(await disabled.json()).toMatchObject({ enabled: false });
    expect((await admin('/api/v1/admin/users/andy', { method: 'DELETE' })).status).toBe(204);
    expect((await admin(`/api/v1/admin/users/${self}`, { method: 'DELETE' })).status).toBe(403);
    const audit = (await (await admin('/api/v1/admin/audit?limit=200')).json()) as Json[];
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['user_created', 'role_changed', 'user_deleted']),
    );
  });

  it('gives API keys exactly their scopes: shown once, stored hashed, refused when expired or revoked', async () => {
    const created = await admin('/api/v1/api-keys', jsonBody({ name: 'reader', scopes: ['datasets:read'] }));
    expect(created.status).toBe(201);
    const key = (await created.json()) as Json;
    expect(String(key.key)).toMatch(/^pyn_/);
    const listed = (await (await admin('/api/v1/api-keys')).json()) as Json[];
    expect(JSON.stringify(listed)).not.toContain(String(key.key));
    expect(JSON.stringify(listed)).not.toMatch(/secret|sha256/);

    const reader = withKey(String(key.key));
    expect((await reader('/api/anomaly/datasets')).status).toBe(200);
    expect((await upload(reader as never)).status).toBe(403);
    expect((await reader('/api/anomaly/anomaly-reports')).status).toBe(403);
    expect((await reader('/api/v1/api-keys')).status).toBe(403);
    expect((await reader('/api/v1/auth/logout', { method: 'POST' })).status).toBe(403);
    expect((await withKey(`${String(key.key).slice(0, -4)}AAAA`)('/api/anomaly/datasets')).status).toBe(401);

    const shortLived = (await (
      await admin(
        '/api/v1/api-keys',
        jsonBody({
          name: 'brief',
          scopes: ['datasets:read'],
          expires_at: new Date(Date.now() + 1500).toISOString(),
        }),
      )
    ).json()) as Json;
    expect((await withKey(String(shortLived.key))('/api/anomaly/datasets')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1700));
    expect((await withKey(String(shortLived.key))('/api/anomaly/datasets')).status).toBe(401);

    await admin(
      '/api/v1/admin/users',
      jsonBody({ username: 'other-admin', password: 'Other-admin-1', role: 'admin' }),
    );
    const otherAdmin = authed((await loginEnrollingTotp('other-admin', 'Other-admin-1')).token);
    expect((await otherAdmin(`/api/v1/api-keys/${key.id}`)).status).toBe(404);
    expect((await otherAdmin(`/api/v1/api-keys/${key.id}`, { method: 'DELETE' })).status).toBe(404);
    expect(await (await otherAdmin('/api/v1/api-keys')).json()).toEqual([]);
    expect((await reader('/api/anomaly/datasets')).status).toBe(200);

    const revoked = await admin(`/api/v1/api-keys/${key.id}`, { method: 'DELETE' });
    expect(await revoked.json()).toMatchObject({ status: 'revoked' });
    expect((await reader('/api/anomaly/datasets')).status).toBe(401);
    expect((await admin('/api/v1/api-keys', jsonBody({ name: 'bad', scopes: ['admin'] }))).status).toBe(400);
  });

  it('signs out for real: the access token and the refresh token stop working', async () => {
    const tokens = (await (
      await post('/api/auth/login', { username: 'admin', password: 'password123' })
    ).json()) as Json;
    const refreshed = await post('/api/v1/auth/refresh', { refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    const session = authed(String(tokens.access_token));
    expect((await session('/api/anomaly/datasets')).status).toBe(200);
    const out = await session('/api/v1/auth/logout', jsonBody({ refresh_token: tokens.refresh_token }));
    expect(out.status).toBe(200);
    expect((await session('/api/anomaly/datasets')).status).toBe(401);
    expect((await post('/api/v1/auth/refresh', { refresh_token: tokens.refresh_token })).status).toBe(401);
  });

  it('enrols TOTP MFA, then asks for a code at sign-in, and switches it off', async () => {
    await post('/api/v1/auth/register', { username: 'tess', password: 'Tess-password-1' });
    const tess = authed(await login('tess', 'Tess-password-1'));
    const setup = (await (await tess('/api/v1/mfa/totp/setup', { method: 'POST' })).json()) as Json;
    expect(String(setup.otpauth_uri)).toMatch(
      /^otpauth:\/\/totp\/Pynomaly%3Atess\?secret=[A-Z2-7]+&issuer=Pynomaly/,
    );
    expect((await tess('/api/v1/mfa/totp/verify', jsonBody({ code: '000000' }))).status).toBe(401);
    const verified = await tess('/api/v1/mfa/totp/verify', jsonBody({ code: totp(String(setup.secret)) }));
    expect(await verified.json()).toMatchObject({ enabled: true, methods: ['totp'] });

    const first = (await (
      await post('/api/auth/login', { username: 'tess', password: 'Tess-password-1' })
    ).json()) as Json;
    expect(first).toMatchObject({ mfa_required: true, method: 'totp' });
    expect(first.access_token).toBeUndefined();
    const wrongCode = await post('/api/v1/auth/mfa/verify', {
      username: 'tess',
      session: first.session,
      code: '000000',
    });
    expect(wrongCode.status).toBe(401);
    const second = (await (
      await post('/api/auth/login', { username: 'tess', password: 'Tess-password-1' })
    ).json()) as Json;
    const done = await post('/api/v1/auth/mfa/verify', {
      username: 'tess',
      session: second.session,
      code: totp(String(setup.secret)),
    });
    expect(done.status).toBe(200);
    const mfaSession = authed(String(((await done.json()) as Json).access_token));
    expect(await (await mfaSession('/api/v1/mfa', { method: 'DELETE' })).json()).toMatchObject({
      enabled: false,
    });
    const audit = (await (await admin('/api/v1/admin/audit?limit=200')).json()) as Json[];
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['mfa_enabled', 'mfa_disabled']));
  });

  it('shows rate limits on every counted response; health is not counted', async () => {
    const health = await fetch(`${apiUrl()}/api/health`);
    expect(health.headers.get('x-ratelimit-limit')).toBeNull();
    const a = await admin('/api/anomaly/datasets');
    const b = await admin('/api/anomaly/datasets');
    expect(a.headers.get('x-ratelimit-limit')).toBe('10000');
    expect(Number(b.headers.get('x-ratelimit-remaining'))).toBe(
      Number(a.headers.get('x-ratelimit-remaining')) - 1,
    );
    expect(Number(a.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    const signIn = await post('/api/v1/auth/login', { username: 'nobody-here', password: 'x' });
    expect(signIn.headers.get('x-ratelimit-limit')).toBe('300');
    expect(inject('local').api_url).toBe(apiUrl());
  });
});

describe('SMS MFA', () => {
  const outbox = () =>
    readFileSync(inject('local').sms_outbox, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { phone_number: string; message: string });
  const lastCode = (phone: string) =>
    /(\d{6})/.exec(
      outbox()
        .filter((m) => m.phone_number === phone)
        .at(-1)?.message ?? '',
    )?.[1] ?? '';

  it('enrols a phone by a texted code, then asks for a texted code at sign-in', async () => {
    await post('/api/v1/auth/register', { username: 'sam', password: 'Sam-password-1' });
    const sam = authed(await login('sam', 'Sam-password-1'));
    expect((await sam('/api/v1/mfa/sms/setup', jsonBody({ phone_number: '6591234567' }))).status).toBe(400);
    const setup = await sam('/api/v1/mfa/sms/setup', jsonBody({ phone_number: '+6591234567' }));
    expect(await setup.json()).toEqual({ code_sent_to: '+65******67' });
    expect((await sam('/api/v1/mfa/sms/verify', jsonBody({ code: '000000' }))).status).toBe(401);
    expect((await sam('/api/v1/mfa/sms/verify', jsonBody({ code: lastCode('+6591234567') }))).status).toBe(
      200,
    );

    const challenge = (await (
      await post('/api/auth/login', { username: 'sam', password: 'Sam-password-1' })
    ).json()) as Json;
    expect(challenge).toMatchObject({ mfa_required: true, method: 'sms', challenge: 'SMS_MFA' });
    expect(challenge.access_token).toBeUndefined();
    const verify = (code: string) =>
      post('/api/v1/auth/mfa/verify', {
        username: 'sam',
        session: challenge.session,
        challenge: 'SMS_MFA',
        code,
      });
    expect((await verify('000000')).status).toBe(401);
    const done = await verify(lastCode('+6591234567'));
    expect(done.status).toBe(200);
    const tokens = (await done.json()) as Json;
    expect((await verify(lastCode('+6591234567'))).status).toBe(401);

    const session = authed(String(tokens.access_token));
    expect(await (await session('/api/v1/mfa', { method: 'DELETE' })).json()).toMatchObject({
      enabled: false,
    });
    const plain = (await (
      await post('/api/auth/login', { username: 'sam', password: 'Sam-password-1' })
    ).json()) as Json;
    expect(plain.access_token).toBeDefined();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes';
import { createUser } from '../support/aws';
import { apiUrl, authed, loginWithTotp, waitForAnalysis } from '../support/client';
import { fill } from '../support/matrix';
import { securityLogsWorkbook } from '../support/security-logs';
import { totp } from '../support/totp';

/**
 * Issue #10, item 11: administration needs a sign-in completed with a second factor. An
 * administrator who signed in with a password alone works as an analyst and is told, on every
 * administration route, how to get the rest; signed in with a code, they administer.
 */
type Json = Record<string, unknown>;

const RUN = Date.now().toString(36);
const NAME = `mfa-later-${RUN}`;
const PASSWORD = 'Mfa-Later-Password-1';
const ANALYST_SCOPES = [
  'datasets:read',
  'reports:read',
  'detection:read',
  'account',
  'datasets:write',
  'reports:write',
  'detection:write',
];
/** Every path of every route whose scope is `admin`, its parameters filled with ids nobody has. */
const adminCells = routes
  .filter((route) => route.scope === 'admin')
  .flatMap((route) => route.paths.map((path) => ({ method: route.method, path: fill(path) })));

const post = (path: string, body: unknown) =>
  fetch(`${apiUrl()}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
const jsonBody = (body: unknown, method = 'POST') => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/** Each administration route's answer to a caller, as `METHOD path → status code`. */
async function adminAnswers(call: ReturnType<typeof authed>) {
  return Promise.all(
    adminCells.map(async ({ method, path }) => {
      const response = await call(path, { method });
      const type = response.headers.get('content-type') ?? '';
      const problem = type.includes('json') ? ((await response.json()) as Json) : {};
      return { label: `${method} ${path}`, status: response.status, problem };
    }),
  );
}

describe('administrators and MFA', () => {
  let password: Json;
  let passwordOnly: ReturnType<typeof authed>;

  beforeAll(async () => {
    await createUser(NAME, PASSWORD, 'admin');
    const answer = await post('/api/v1/auth/login', { username: NAME, password: PASSWORD });
    expect(answer.status).toBe(200);
    password = (await answer.json()) as Json;
    passwordOnly = authed(String(password.access_token));
  });

  it('signs a password-only administrator in with tokens, and says MFA must be set up to administer', () => {
    expect(password).toMatchObject({
      token_type: 'bearer',
      expires_in: expect.any(Number),
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      mfa_setup_required: true,
      scopes_awaiting_mfa: ['admin'],
    });
    expect(password.warnings).toEqual([expect.stringContaining('POST /api/v1/mfa/totp/setup')]);
  });

  it("shows on /auth/me an analyst's scopes, no second factor, and that administration waits for one", async () => {
    const me = (await (await passwordOnly('/api/v1/auth/me')).json()) as Json;
    expect(me).toMatchObject({
      username: NAME,
      role: 'admin',
      tier: 'admin',
      mfa_enabled: false,
      mfa_methods: [],
      signed_in_with_mfa: false,
      admin_requires_mfa: true,
      scopes_awaiting_mfa: ['admin'],
    });
    expect([...(me.scopes as string[])].sort()).toEqual([...ANALYST_SCOPES].sort());
    expect(me.warnings).toEqual([expect.stringContaining('POST /api/v1/auth/mfa/verify')]);
  });

  it('refuses every administration route with 403 MFA_REQUIRED, saying how to enrol and sign in again', async () => {
    expect(adminCells.length).toBeGreaterThanOrEqual(10);
    const answers = await adminAnswers(passwordOnly);
    const wrong = answers.filter(
      ({ status, problem }) =>
        status !== 403 ||
        problem.code !== 'MFA_REQUIRED' ||
        problem.status !== 403 ||
        !String(problem.detail).includes('POST /api/v1/mfa/totp/setup') ||
        !String(problem.detail).includes('POST /api/v1/auth/mfa/verify'),
    );
    expect(wrong.map((a) => `${a.label} → ${a.status} ${JSON.stringify(a.problem)}`)).toEqual([]);
  });

  it('still lets the password-only administrator upload a workbook and review its reports', async () => {
    const form = new FormData();
    form.append('file', new Blob([securityLogsWorkbook().file]), 'security_logs.xlsx');
    const uploaded = await passwordOnly('/api/anomaly/datasets/upload', { method: 'POST', body: form });
    expect(uploaded.status).toBe(201);
    const datasetId = String(((await uploaded.json()) as Json)._id);
    const { session } = await waitForAnalysis(String(password.access_token), datasetId, 120_000);
    expect(session.status).toBe('completed');
    const reports = (await (
      await passwordOnly(`/api/anomaly/anomaly-reports?dataset_id=${datasetId}&status=triaged`)
    ).json()) as Json[];
    expect(reports.length).toBeGreaterThan(0);
    const reviewed = await passwordOnly(
      `/api/anomaly/anomaly-reports/${reports[0]?.id}`,
      jsonBody({ status: 'under_review', resolution_notes: 'Looking into it' }, 'PATCH'),
    );
    expect(reviewed.status).toBe(200);
    expect(await reviewed.json()).toMatchObject({ status: 'under_review' });
  });

  it('allows the same administrator every administration route once signed in with a TOTP code', async () => {
    const setup = (await (await passwordOnly('/api/v1/mfa/totp/setup', { method: 'POST' })).json()) as Json;
    const secret = String(setup.secret);
    const verify = await passwordOnly('/api/v1/mfa/totp/verify', jsonBody({ code: totp(secret) }));
    expect(verify.status).toBe(200);

    // Enrolling is not signing in with it: this session still lacks the second factor.
    const enrolled = (await (await passwordOnly('/api/v1/auth/me')).json()) as Json;
    expect(enrolled).toMatchObject({ mfa_enabled: true, mfa_methods: ['totp'], signed_in_with_mfa: false });
    expect((await passwordOnly('/api/v1/admin/users')).status).toBe(403);

    const withCode = authed(await loginWithTotp(NAME, PASSWORD, secret));
    const me = (await (await withCode('/api/v1/auth/me')).json()) as Json;
    expect(me).toMatchObject({
      role: 'admin',
      mfa_enabled: true,
      signed_in_with_mfa: true,
      admin_requires_mfa: true,
      scopes_awaiting_mfa: [],
      warnings: [],
    });
    expect(me.scopes).toContain('admin');

    const answers = await adminAnswers(withCode);
    const refused = answers.filter((a) => [401, 403, 429].includes(a.status) || a.status >= 500);
    expect(refused.map((a) => `${a.label} → ${a.status} ${JSON.stringify(a.problem)}`)).toEqual([]);
    const users = (await (await withCode('/api/v1/admin/users')).json()) as Json[];
    expect(users.find((u) => u.username === NAME)).toMatchObject({ role: 'admin', mfa_enabled: true });
  });

  it("keeps an administrator's API keys working whatever the administrator's MFA becomes", async () => {
    const name = `mfa-keys-${RUN}`;
    await createUser(name, PASSWORD, 'admin');
    const first = authed(
      String(
        ((await (await post('/api/v1/auth/login', { username: name, password: PASSWORD })).json()) as Json)
          .access_token,
      ),
    );
    const setup = (await (await first('/api/v1/mfa/totp/setup', { method: 'POST' })).json()) as Json;
    await first('/api/v1/mfa/totp/verify', jsonBody({ code: totp(String(setup.secret)) }));
    const admin = authed(await loginWithTotp(name, PASSWORD, String(setup.secret)));
    const created = await admin('/api/v1/api-keys', jsonBody({ name: 'reader', scopes: ['datasets:read'] }));
    expect(created.status).toBe(201);
    const key = String(((await created.json()) as Json).key);
    const withKey = () => fetch(`${apiUrl()}/api/anomaly/datasets`, { headers: { 'X-API-Key': key } });
    expect((await withKey()).status).toBe(200);

    // MFA switched off: the next sign-in is password-only, and the key still works.
    expect((await admin('/api/v1/mfa', { method: 'DELETE' })).status).toBe(200);
    const again = authed(
      String(
        ((await (await post('/api/v1/auth/login', { username: name, password: PASSWORD })).json()) as Json)
          .access_token,
      ),
    );
    expect((await again('/api/v1/api-keys')).status).toBe(403);
    expect((await withKey()).status).toBe(200);
  });
});

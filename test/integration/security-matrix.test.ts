import { createPublicKey } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser, signInAtPool } from '../support/aws';
import { apiUrl, receivedUpload, waitForAnalysis } from '../support/client';
import {
  apiKey,
  bearer,
  claimsOf,
  DEFAULT_ADDRESS,
  enrolTotpAt,
  fill,
  type Headers,
  inBatches,
  isProblem,
  type Json,
  jwt,
  localPoolKey,
  type Owned,
  protectedCells,
  RefusalAddresses,
  type Sent,
  send,
  signIn,
  signInWithCode,
  strangerKey,
  type Target,
  tally,
  tampered,
  tenantTargets,
  verdict,
} from '../support/matrix';
import { securityLogsWorkbook } from '../support/security-logs';

/**
 * Checklist sections A (OWASP API1/API3/API5) and B (Auth/JWT) as matrices generated from the
 * route table: every path (canonical and aliases) of every protected route, against the real
 * authorizer, gateway and handlers of the local stack. Refusals leave from rotating loopback
 * addresses (the authorizer throttles an address after 100); requests meant to pass leave from
 * the default one.
 *
 * A defect found is kept here asserting the correct answer and listed in `expectedDefects`,
 * which must be exactly what fails, so a fix (or a new defect) shows up as a failure.
 */
const expectedDefects = {
  B: [] as string[],
  A: [] as string[],
  tenant: [] as string[],
};

const RUN = Date.now().toString(36);
const PASSWORD = 'Matrix-Password-1';
const BATCH = 8;
const read = ['datasets:read', 'reports:read', 'detection:read'];
const write = ['datasets:write', 'reports:write', 'detection:write'];
const cells = protectedCells();
const addresses = new RefusalAddresses();

/** A caller of section A, with the scopes the access policy gives it (spelled out, not imported). */
interface Caller {
  name: string;
  scopes: readonly string[];
  /** Scopes its role grants that its sign-in lacks for want of a second factor: refused 403 MFA_REQUIRED. */
  awaitingMfa?: readonly string[];
  headers: Headers;
  /** For a user: a fresh sign-in of its own, for the routes that end the session they are called with. */
  throwaway?: () => Headers;
}

let callers: Caller[] = [];
let credentialKinds: Array<[string, Headers]> = [];
let owner: Headers;
let ownerToken = '';
const owned = {} as Owned;
let expiringKeyAt = 0;

async function call<T = Json>(request: Sent): Promise<T> {
  const answer = await send(request);
  if (answer.status >= 300)
    throw new Error(`${request.method} ${request.path}: ${answer.status} ${answer.body}`);
  return JSON.parse(answer.body || '{}') as T;
}
const post = (headers: Headers, path: string, body: unknown) => call({ method: 'POST', path, headers, body });

/** A 403 that says to sign in with a second factor (code `MFA_REQUIRED`, naming TOTP enrolment). */
function isMfaAdvice(answer: { body: string }): boolean {
  try {
    const problem = JSON.parse(answer.body) as Json;
    return problem.code === 'MFA_REQUIRED' && String(problem.detail).includes('POST /api/v1/mfa/totp/setup');
  } catch {
    return false;
  }
}

/** A new user, signed in; with `mfa`, TOTP enrolled and signed in with a code (administration needs it). */
async function user(role: string, label = role, options: { mfa?: boolean } = {}) {
  const name = `matrix-${label}-${RUN}`;
  await createUser(name, PASSWORD, role);
  const live = await signIn(name, PASSWORD);
  if (!options.mfa) return { name, live };
  const secret = await enrolTotpAt(live.access_token);
  return { name, secret, live: await signInWithCode(name, PASSWORD, secret) };
}

/** Everything the tenant owner makes (its triage workbook is analysed while the matrices run). */
async function createOwned(headers: Headers) {
  const rows = Array.from({ length: 60 }, (_, i) => [i % 7, (i * 3) % 5]);
  const dataset = await post(headers, '/api/v1/datasets', {
    name: 'owned',
    data: rows,
    features: ['a', 'b'],
  });
  owned.dataset = String(dataset.dataset_id);
  const models: Json[] = [];
  for (const algorithm of ['isolation_forest', 'ecod'])
    models.push(
      await post(headers, '/api/v1/models/train', { name: algorithm, algorithm, dataset_id: owned.dataset }),
    );
  owned.detector = String(models[0]?.id);
  owned.detector2 = String(models[1]?.id);
  const pair = [owned.detector, owned.detector2];
  owned.ensemble = String(
    (await post(headers, '/api/v1/ensembles', { name: 'pair', detector_ids: pair })).id,
  );
  const study = { name: 'study', dataset_id: owned.dataset, algorithms: ['zscore'] };
  owned.experiment = String((await post(headers, '/api/v1/experiments', study)).id);
  owned.pipeline = String((await post(headers, '/api/v1/automl/create', { ...study, max_trials: 1 })).id);
  const upload = await post(headers, '/api/v1/datasets/uploads', { filename: 'later.csv', size: 64 });
  owned.upload = String(upload.upload_id);
  const detection = await post(headers, '/api/v1/detection/detect', { data: rows, algorithm: 'zscore' });
  owned.detection = String(detection.detection_id);
  owned.apiKey = String((await post(headers, '/api/v1/api-keys', { name: 'owned', scopes: read })).id);
  owned.stream = String((await post(headers, '/api/v1/streaming/start', { name: 'owned' })).stream_id);
  // A webhook to an allowed loopback receiver nobody listens on: its ping is a (failed) delivery.
  const [, , receiverPort] = inject('webhookReceiverPorts');
  const hook = { url: `http://127.0.0.1:${receiverPort}/matrix`, events: ['analysis.completed'] };
  owned.webhook = String((await post(headers, '/api/v1/webhooks', hook)).id);
  const ping = await send({ method: 'POST', path: `/api/v1/webhooks/${owned.webhook}/test`, headers });
  owned.webhookDelivery = String((JSON.parse(ping.body) as Json).id);
  const form = new FormData();
  form.append('file', new Blob([securityLogsWorkbook().file]), 'owned_logs.xlsx');
  const triage = await fetch(`${apiUrl()}/api/anomaly/datasets/upload`, {
    method: 'POST',
    headers,
    body: form,
  });
  expect(triage.status).toBe(201);
  const workbook = (await triage.json()) as Json;
  owned.triageDataset = String(workbook._id);
  const session = await receivedUpload(
    (path) => fetch(`${apiUrl()}${path}`, { headers }),
    owned.triageDataset,
  );
  owned.session = String(session.id);
}

beforeAll(async () => {
  const [viewer, analyst, admin, passwordAdmin, tenantOwner] = await Promise.all([
    user('viewer'),
    user('analyst'),
    user('admin', 'admin', { mfa: true }),
    user('admin', 'password-admin'),
    user('admin', 'owner', { mfa: true }),
  ]);
  ownerToken = tenantOwner.live.access_token;
  owner = bearer(ownerToken);
  await createOwned(owner);

  // Sessions to throw away: one per call of a route that ends the session it is called with.
  const ending = cells.filter((c) => c.route.id === 'Logout').length;
  const throwaways = async (name: string, secret?: string) => {
    const tokens: string[] = [];
    for (let i = 0; i < ending; i++)
      tokens.push(
        (secret ? await signInWithCode(name, PASSWORD, secret) : await signIn(name, PASSWORD)).access_token,
      );
    return () => bearer(tokens.pop() ?? 'exhausted');
  };
  const adminHeaders = bearer(admin.live.access_token);
  const key = async (scopes: string[], expires_at?: string) =>
    post(adminHeaders, '/api/v1/api-keys', { name: `matrix-${scopes.length}`, scopes, expires_at });
  const [readKey, allKey, revokedKey] = [await key(read), await key([...read, ...write]), await key(read)];
  await call({ method: 'DELETE', path: `/api/v1/api-keys/${revokedKey.id}`, headers: adminHeaders });
  expiringKeyAt = Date.now() + 1500;
  const expiringKey = await key(read, new Date(expiringKeyAt).toISOString());
  callers = [
    {
      name: 'viewer',
      scopes: [...read, 'account'],
      headers: bearer(viewer.live.access_token),
      throwaway: await throwaways(viewer.name),
    },
    {
      name: 'analyst',
      scopes: [...read, ...write, 'account'],
      headers: bearer(analyst.live.access_token),
      throwaway: await throwaways(analyst.name),
    },
    {
      name: 'admin',
      scopes: [...read, ...write, 'account', 'admin'],
      headers: adminHeaders,
      throwaway: await throwaways(admin.name, admin.secret),
    },
    {
      name: 'admin (password only)',
      scopes: [...read, ...write, 'account'],
      awaitingMfa: ['admin'],
      headers: bearer(passwordAdmin.live.access_token),
      throwaway: await throwaways(passwordAdmin.name),
    },
    { name: 'key(read)', scopes: read, headers: apiKey(String(readKey.key)) },
    { name: 'key(all)', scopes: [...read, ...write], headers: apiKey(String(allKey.key)) },
  ];

  // Section B's credentials: the forged ones start from the analyst's live, valid token.
  const live = analyst.live.access_token;
  const claims = claimsOf(live);
  const issuer = String(claims.iss);
  const jwks = (await (await fetch(`${issuer}/.well-known/jwks.json`)).json()) as { keys: Json[] };
  const poolPublicPem = createPublicKey({ key: jwks.keys[0] as never, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
  const poolSigned = { alg: 'RS256' as const, ...localPoolKey() };
  const now = Math.floor(Date.now() / 1000);
  // Control: the same claims signed with the pool's key are accepted, so each variant below
  // fails for the one thing changed in it.
  const control = jwt({ ...claims, iat: now }, poolSigned);
  expect((await send({ method: 'GET', path: '/api/v1/auth/me', headers: bearer(control) })).status).toBe(200);

  const direct = await signInAtPool(analyst.name, PASSWORD);
  const loggedOut = (await signIn(viewer.name, PASSWORD)).access_token;
  await post(bearer(loggedOut), '/api/v1/auth/logout', {});
  const keyId = /^pyn_([0-9a-z]{26})_/.exec(String(readKey.key))?.[1];
  credentialKinds = [
    ['no credentials', {}],
    ['Bearer garbage', bearer('garbage')],
    [
      'Basic user:password',
      { Authorization: `Basic ${Buffer.from(`${admin.name}:${PASSWORD}`).toString('base64')}` },
    ],
    ['JWT alg:none', bearer(jwt(claims, { alg: 'none' }))],
    ['JWT HS256, made-up secret', bearer(jwt(claims, { alg: 'HS256', secret: 'made-up-secret' }))],
    [
      'JWT HS256 keyed with the pool public key',
      bearer(jwt(claims, { alg: 'HS256', secret: poolPublicPem })),
    ],
    [
      'JWT RS256, own key, pool kid',
      bearer(jwt(claims, { alg: 'RS256', key: strangerKey(), kid: poolSigned.kid })),
    ],
    [
      'JWT RS256, own key, unknown kid',
      bearer(jwt(claims, { alg: 'RS256', key: strangerKey(), kid: 'matrix' })),
    ],
    ['pool token, payload tampered to admin', bearer(tampered(live, { 'cognito:groups': ['admin'] }))],
    ['pool-signed, expired 1 s ago', bearer(jwt({ ...claims, iat: now - 60, exp: now - 1 }, poolSigned))],
    ['pool-signed, not valid before +1 h', bearer(jwt({ ...claims, nbf: now + 3600 }, poolSigned))],
    ['pool-signed, another client', bearer(jwt({ ...claims, client_id: 'another-client' }, poolSigned))],
    ['pool-signed, another pool', bearer(jwt({ ...claims, iss: `${issuer}Other` }, poolSigned))],
    ['pool-signed, token_use id', bearer(jwt({ ...claims, token_use: 'id' }, poolSigned))],
    ['ID token from sign-in', bearer(analyst.live.id_token)],
    ['pool access token never issued here (InitiateAuth)', bearer(direct)],
    ['logged-out token', bearer(loggedOut)],
    ['API key as a bearer token', bearer(String(allKey.key))],
    ['unknown API key', apiKey(`pyn_${'0'.repeat(26)}_${'A'.repeat(43)}`)],
    ['API key, right id, wrong secret', apiKey(`pyn_${keyId}_${'B'.repeat(43)}`)],
    ['revoked API key', apiKey(String(revokedKey.key))],
    ['expired API key', apiKey(String(expiringKey.key))],
  ];
}, 180_000);

describe('checklist B: every protected route refuses every bad credential with 401', () => {
  it('answers 401 problem+json, never 2xx/403/5xx, on every path for every credential kind', async () => {
    await new Promise((r) => setTimeout(r, Math.max(0, expiringKeyAt - Date.now() + 100)));
    const matrix = credentialKinds.flatMap(([kind, headers]) =>
      cells.map((cell) => ({ kind, headers, cell })),
    );
    const started = Date.now();
    const answers = await inBatches(matrix, BATCH, async ({ kind, headers, cell }) => {
      const { method, id } = cell.route;
      const answer = await send({ method, path: fill(cell.template), headers }, addresses.next());
      return {
        label: `${kind}: ${method} ${cell.template} (${id}) → ${verdict(answer)}`,
        ok: isProblem(answer, 401),
        status: answer.status,
      };
    });
    const routeCount = new Set(cells.map((c) => c.route.id)).size;
    console.log(
      `Checklist B matrix: ${routeCount} routes (${cells.length} paths incl. aliases) × ${credentialKinds.length} credential kinds = ${matrix.length} requests: ${tally(answers.map((a) => a.status))} (${((Date.now() - started) / 1000).toFixed(1)} s, ${addresses.addresses} addresses)`,
    );
    expect(answers.filter((a) => !a.ok).map((a) => a.label)).toEqual(expectedDefects.B);
  });
});

/** What an allowed call of section A sends: nothing, except where nothing would be costly. */
const matrixBodies: Partial<Record<string, unknown>> = {
  PerformanceBenchmark: { n_samples: 20, n_features: 2 },
};

describe('checklist A: scopes (API5 BFLA) and tenants (API1 BOLA) over every protected route', () => {
  it('answers 403 without the route scope, and neither 401, 403 nor 5xx with it', async () => {
    const matrix = callers.flatMap((caller) => cells.map((cell) => ({ caller, cell })));
    const started = Date.now();
    const answers = await inBatches(matrix, BATCH, async ({ caller, cell }) => {
      const { route } = cell;
      const allowed = route.scope !== undefined && caller.scopes.includes(route.scope);
      const headers =
        allowed && route.id === 'Logout' && caller.throwaway ? caller.throwaway() : caller.headers;
      const request = {
        method: route.method,
        path: fill(cell.template),
        headers,
        body: allowed ? matrixBodies[route.id] : undefined,
      };
      const answer = await send(request, allowed ? DEFAULT_ADDRESS : addresses.next());
      // A scope the role grants but the sign-in lacks is answered with what to do; no other is.
      const awaitingMfa = route.scope !== undefined && (caller.awaitingMfa ?? []).includes(route.scope);
      const ok = allowed
        ? ![401, 403, 429].includes(answer.status) && answer.status < 500
        : isProblem(answer, 403) && isMfaAdvice(answer) === awaitingMfa;
      const label = `${caller.name}: ${route.method} ${cell.template} (${route.scope}) → ${verdict(answer)}`;
      return { label, ok, expected: allowed ? 'allowed' : '403', status: answer.status };
    });
    const allowed = answers.filter((a) => a.expected === 'allowed');
    console.log(
      `Checklist A matrix: ${new Set(cells.map((c) => c.route.id)).size} routes (${cells.length} paths) × ${callers.length} credentials = ${matrix.length} requests: 403 × ${answers.length - allowed.length}, allowed × ${allowed.length} (${tally(allowed.map((a) => a.status))}) (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    expect(answers.filter((a) => !a.ok).map((a) => a.label)).toEqual(expectedDefects.A);
  });

  it("answers 404 for another tenant's ids on every {id} route and id-taking body, and not 404 to the owner", async () => {
    const analysed = await waitForAnalysis(ownerToken, owned.triageDataset);
    expect(analysed.session.status).toBe('completed');
    const path = `/api/anomaly/anomaly-reports?dataset_id=${owned.triageDataset}`;
    const [report, judged] = await call<Json[]>({ method: 'GET', path, headers: owner });
    owned.report = String(report?.id);
    // A false-positive verdict on another of the owner's reports makes a suppression rule.
    await call({
      method: 'PATCH',
      path: `/api/anomaly/anomaly-reports/${String(judged?.id)}`,
      headers: owner,
      body: { verdict: 'false_positive', verdict_reason: 'expected traffic' },
    });
    const [rule] = await call<Json[]>({
      method: 'GET',
      path: '/api/anomaly/suppression-rules',
      headers: owner,
    });
    owned.suppressionRule = String(rule?.id);
    const full = await call({
      method: 'GET',
      path: `/api/anomaly/anomaly-reports/${owned.report}`,
      headers: owner,
    });
    owned.anomaly = String(full.anomaly_id);

    const started = Date.now();
    const targets = tenantTargets(cells, owned);
    const unmapped = targets.filter((t) => 'unmapped' in t).map((t) => t.label);
    expect(unmapped, 'an {id} route whose resource this matrix cannot make').toEqual([]);
    const requests = targets.filter((t): t is Target => !('unmapped' in t));
    const intrusions = requests.flatMap((target) =>
      callers
        .filter((c) => target.cell.route.scope && c.scopes.includes(target.cell.route.scope))
        .map((caller) => ({ caller, target })),
    );
    const intruded = await inBatches(intrusions, BATCH, async ({ caller, target }) => {
      const answer = await send({
        ...target.request,
        headers: { ...target.request.headers, ...caller.headers },
      });
      return {
        ok: isProblem(answer, 404),
        label: `${caller.name}: ${target.label} → ${verdict(answer)}`,
        status: answer.status,
      };
    });
    // The owner, one call at a time, deletes last (reports before the workbook they come from).
    const mine = requests.filter((t) => t.cell.route.method !== 'DELETE' || t.cell.canonical);
    const ordered = [
      ...mine.filter((t) => t.cell.route.method !== 'DELETE'),
      ...mine.filter((t) => t.cell.route.method === 'DELETE').reverse(),
    ];
    const own: Array<{ ok: boolean; label: string; status: number }> = [];
    for (const target of ordered) {
      const answer = await send({ ...target.request, headers: { ...target.request.headers, ...owner } });
      const ok = ![401, 403, 404, 429].includes(answer.status) && answer.status < 500;
      own.push({ ok, label: `owner: ${target.label} → ${verdict(answer)}`, status: answer.status });
    }
    const byPath = requests.filter((t) => t.cell.template.includes('{id}')).length;
    console.log(
      `Checklist A tenant matrix: ${byPath} {id} paths + ${requests.length - byPath} id-taking bodies; ${intrusions.length} cross-tenant requests: ${tally(intruded.map((a) => a.status))}; ${own.length} owner requests: ${tally(own.map((a) => a.status))} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    expect([...intruded, ...own].filter((a) => !a.ok).map((a) => a.label)).toEqual(expectedDefects.tenant);
  });
});

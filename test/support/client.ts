import { request as httpRequest } from 'node:http';
import { inject } from 'vitest';
import { createPoolUser, enrolTotp, poster, signInWithTotp } from './accounts';

/** A logged-in HTTP client of the local stack, as a user's script would be. */
export function apiUrl(): string {
  return inject('local').api_url;
}

/**
 * A password sign-in: its access token. The default is the seeded `admin`, who has no second
 * factor, so it works as an analyst (uploads, reports) and is refused administration; for that,
 * {@link loginAdmin}.
 */
export async function login(username = 'admin', password = 'password123'): Promise<string> {
  const response = await fetch(`${apiUrl()}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A sign-in with the password and a TOTP code of `secret`: its access token. */
export async function loginWithTotp(username: string, password: string, secret: string): Promise<string> {
  return (await signInWithTotp(poster(apiUrl()), username, password, secret)).access_token;
}

/**
 * Enrols TOTP for a user who has no second factor yet (signed in with the password), then signs
 * in with a code: that sign-in's access token, and the secret for the next.
 */
export async function loginEnrollingTotp(
  username: string,
  password: string,
): Promise<{ token: string; secret: string }> {
  const secret = await enrolTotp(poster(apiUrl()), await login(username, password));
  return { token: await loginWithTotp(username, password, secret), secret };
}

/**
 * A new administrator, a tenant of its own, with TOTP enrolled: its first sign-in with a code,
 * and how to sign in again. For a test that may switch its administrator's MFA off or enrol
 * again (which would spoil the suite's administrator for the files after it).
 */
export async function newAdmin(username: string, password: string) {
  await createPoolUser(inject('local'), username, password, 'admin');
  const { token, secret } = await loginEnrollingTotp(username, password);
  return { token, secret, signIn: () => loginWithTotp(username, password, secret) };
}

/** The suite's administrator (TOTP enrolled once by the global setup) in a new sign-in with a code. */
export function signInAdmin(): Promise<string> {
  const admin = inject('suiteAdmin');
  return loginWithTotp(admin.username, admin.password, admin.secret);
}

let adminToken: Promise<string> | undefined;

/**
 * The suite's administrator signed in with a code: every scope, `admin` included. One sign-in
 * per test file, shared by its tests ({@link signInAdmin} for a session of one's own).
 */
export function loginAdmin(): Promise<string> {
  adminToken ??= signInAdmin().catch((error: unknown) => {
    adminToken = undefined;
    throw error;
  });
  return adminToken;
}

export function authed(token: string) {
  return async (path: string, init: RequestInit = {}) =>
    fetch(`${apiUrl()}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
    });
}

/** Polls a dataset's session until the analysis ends. */
export async function waitForAnalysis(token: string, datasetId: string, timeoutMs = 90_000) {
  const call = authed(token);
  const deadline = Date.now() + timeoutMs;
  const seen: Array<{ status: string; progress: number }> = [];
  while (Date.now() < deadline) {
    const session = (await (await call(`/api/anomaly/datasets/${datasetId}/session`)).json()) as {
      status: string;
      progress: number;
      error_message: string | null;
    };
    seen.push({ status: session.status, progress: session.progress });
    if (session.status === 'completed' || session.status === 'error') return { session, seen };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`analysis of ${datasetId} did not finish in ${timeoutMs} ms`);
}

/**
 * Polls a triage upload's session until the receiver has read the form API Gateway stored
 * (the session leaves "Receiving the upload"); answers that session.
 */
export async function receivedUpload(
  call: (path: string) => Promise<Response>,
  datasetId: string,
  timeoutMs = 30_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const session = (await (await call(`/api/anomaly/datasets/${datasetId}/session`)).json()) as Record<
      string,
      unknown
    >;
    if (session.current_step !== 'Receiving the upload') return session;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`upload ${datasetId} was not received in ${timeoutMs} ms`);
}

/** An answer read whole: status, headers and body. */
export interface PlainResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A client whose requests leave from another loopback address (127.0.0.0/8 is all local),
 * so a test of per-address budgets has an address of its own and spends no one else's.
 */
export function fromAddress(localAddress: string) {
  return (path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    new Promise<PlainResponse>((resolve, reject) => {
      const url = new URL(`${apiUrl()}${path}`);
      const request = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: `${url.pathname}${url.search}`,
          method: init.method ?? 'GET',
          headers: init.headers,
          localAddress,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(init.body);
    });
}

import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { LocalDescription } from '../../packages/local/src/stack';
import { totp } from './totp';

/**
 * Accounts for the suite, by the API as a user's script would make them, with no `inject`: the
 * global setup uses them too, to enrol the suite's administrator once (local-stack.setup.ts).
 */

export interface SignedInTokens {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
}

/** The suite's administrator: in the `admin` group, TOTP enrolled, signs in with a code. */
export interface SuiteAdmin {
  username: string;
  password: string;
  /** The TOTP secret its authenticator app would hold. */
  secret: string;
}

const TOTP_PERIOD_MS = 30_000;

/** How these helpers reach the API: a JSON POST (with a bearer token), its status and JSON answer. */
export type Post = (
  path: string,
  body: unknown,
  token?: string,
) => Promise<{ status: number; body: Record<string, unknown> }>;

/** {@link Post} by fetch, to the API at `baseUrl`. */
export function poster(baseUrl: string): Post {
  return async (path, body, token) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
    const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: response.status, body: answer };
  };
}

/** A user of the local pool, made with Cognito's administration calls, in a role's group. */
export async function createPoolUser(
  local: LocalDescription,
  username: string,
  password: string,
  role = 'analyst',
): Promise<void> {
  const cognito = new CognitoIdentityProviderClient({
    region: local.region,
    endpoint: local.cognito_endpoint,
    credentials: { accessKeyId: local.aws_access_key_id, secretAccessKey: local.aws_secret_access_key },
  });
  try {
    const pool = { UserPoolId: local.user_pool_id, Username: username };
    await cognito.send(new AdminCreateUserCommand({ ...pool, MessageAction: 'SUPPRESS' }));
    await cognito.send(new AdminSetUserPasswordCommand({ ...pool, Password: password, Permanent: true }));
    await cognito.send(new AdminAddUserToGroupCommand({ ...pool, GroupName: role }));
  } finally {
    cognito.destroy();
  }
}

/** Password sign-in through the API: tokens (for a user without MFA). */
export async function signInWithPassword(
  post: Post,
  username: string,
  password: string,
): Promise<SignedInTokens & Record<string, unknown>> {
  const answer = await post('/api/v1/auth/login', { username, password });
  if (answer.status !== 200 || typeof answer.body.access_token !== 'string')
    throw new Error(`sign-in of ${username}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as SignedInTokens & Record<string, unknown>;
}

/**
 * Enrols TOTP for a signed-in user (`/mfa/totp/setup`, then `/mfa/totp/verify` with a code):
 * the secret. From then on the user signs in with a code.
 */
export async function enrolTotp(post: Post, accessToken: string): Promise<string> {
  const setup = await post('/api/v1/mfa/totp/setup', {}, accessToken);
  const secret = String(setup.body.secret ?? '');
  if (setup.status !== 200 || !secret)
    throw new Error(`TOTP setup: ${setup.status} ${JSON.stringify(setup.body)}`);
  const verified = await post('/api/v1/mfa/totp/verify', { code: totp(secret) }, accessToken);
  if (verified.status !== 200)
    throw new Error(`TOTP verify: ${verified.status} ${JSON.stringify(verified.body)}`);
  return secret;
}

/**
 * Signs in with the password and a TOTP code (`/auth/login`, then `/auth/mfa/verify`). A code is
 * good for its 30-second window, and Cognito refuses one already used (cognito-local does not):
 * a refused code is tried again with the next window's, on a fresh challenge.
 */
export async function signInWithTotp(
  post: Post,
  username: string,
  password: string,
  secret: string,
  attempts = 3,
): Promise<SignedInTokens & Record<string, unknown>> {
  for (let attempt = 1; ; attempt++) {
    const challenge = await post('/api/v1/auth/login', { username, password });
    if (challenge.status !== 200 || challenge.body.mfa_required !== true)
      throw new Error(
        `sign-in of ${username} asked no code: ${challenge.status} ${JSON.stringify(challenge.body)}`,
      );
    const answer = await post('/api/v1/auth/mfa/verify', {
      username,
      session: challenge.body.session,
      challenge: challenge.body.challenge,
      code: totp(secret),
    });
    if (answer.status === 200) return answer.body as SignedInTokens & Record<string, unknown>;
    if (answer.status !== 401 || attempt >= attempts)
      throw new Error(`code of ${username} refused: ${answer.status} ${JSON.stringify(answer.body)}`);
    // Used already in this window: wait for the next one.
    await new Promise((r) => setTimeout(r, TOTP_PERIOD_MS - (Date.now() % TOTP_PERIOD_MS) + 500));
  }
}

/**
 * Makes the suite's administrator: a pool user in `admin`, signed in once with its password to
 * enrol TOTP. Tests sign it in with a code (test/support/client.ts `loginAdmin`).
 */
export async function enrolSuiteAdmin(local: LocalDescription): Promise<SuiteAdmin> {
  const admin = { username: 'suite-admin', password: 'Suite-Admin-Password-1' };
  await createPoolUser(local, admin.username, admin.password, 'admin');
  const post = poster(local.api_url);
  const { access_token } = await signInWithPassword(post, admin.username, admin.password);
  return { ...admin, secret: await enrolTotp(post, access_token) };
}

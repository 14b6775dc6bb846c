import { generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { APIGatewayRequestAuthorizerEvent, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * The real authorizer and aws-jwt-verify against a JWKS served on loopback, with tokens this
 * test signs: the forged ones must all be refused.
 */
const CLIENT_ID = 'test-client';
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../events/apigateway/authorizer-request.json'), 'utf8'),
) as APIGatewayRequestAuthorizerEvent;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
let issuer = '';
let server: Server;
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

function token(
  claims: Record<string, unknown>,
  options: { key?: KeyObject; alg?: string; kid?: string } = {},
) {
  const header = { alg: options.alg ?? 'RS256', typ: 'JWT', kid: options.kid ?? 'test-key' };
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    sub: 'user-1',
    username: 'alice',
    'cognito:groups': ['analyst'],
    token_use: 'access',
    client_id: CLIENT_ID,
    iss: issuer,
    iat: now,
    exp: now + 600,
    jti: randomUUID(),
    ...claims,
  };
  const signingInput = `${b64(header)}.${b64(payload)}`;
  if (header.alg === 'none') return `${signingInput}.`;
  return `${signingInput}.${sign('sha256', Buffer.from(signingInput), options.key ?? privateKey).toString('base64url')}`;
}

const request = (authorization?: string) =>
  ({
    ...fixture,
    headers: authorization ? { Authorization: authorization } : {},
  }) as APIGatewayRequestAuthorizerEvent;

let handler: (event: APIGatewayRequestAuthorizerEvent, context: Context) => Promise<unknown>;

/**
 * A token as this API hands it out: signed, and recorded against an open sign-in session
 * (completed with a second factor for `mfa`, refreshable with `refreshToken`).
 */
async function issued(
  claims: Record<string, unknown> = {},
  signIn: { mfa?: boolean; refreshToken?: string } = {},
): Promise<string> {
  const value = token(claims);
  const { SignInSessions } = await import('../../packages/auth/src/sessions');
  await new SignInSessions().open(
    { access_token: value, token_type: 'bearer', expires_in: 600, refresh_token: signIn.refreshToken },
    { mfa: signIn.mfa ?? false },
  );
  return value;
}

beforeAll(async () => {
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
  server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pool`;
  const local = inject('local');
  Object.assign(process.env, {
    JWT_ISSUER: issuer,
    USER_POOL_CLIENT_ID: CLIENT_ID,
    USER_POOL_ID: 'pool',
    AWS_REGION: local.region,
    AWS_ACCESS_KEY_ID: local.aws_access_key_id,
    AWS_SECRET_ACCESS_KEY: local.aws_secret_access_key,
    TABLE_NAME: local.table_name,
    AWS_ENDPOINT_URL_DYNAMODB: local.dynamodb_endpoint,
    AWS_ENDPOINT_URL_API_GATEWAY: local.apigateway_endpoint,
    ...Object.fromEntries(
      Object.entries(local.usage_plan_ids).map(([tier, id]) => [`USAGE_PLAN_ID_${tier.toUpperCase()}`, id]),
    ),
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  ({ handler } = (await import('../../functions/http/authorizer')) as unknown as { handler: typeof handler });
});

afterAll(() => new Promise((r) => server.close(r)));

const context = { awsRequestId: 'test', functionName: 'authorizer' } as Context;

describe('authorizer', () => {
  it('denies a caller without the scope the route needs', async () => {
    const adminRoute = {
      ...request(`Bearer ${await issued()}`),
      httpMethod: 'GET',
      resource: '/api/v1/admin/users',
    };
    const result = (await handler(adminRoute as APIGatewayRequestAuthorizerEvent, context)) as {
      policyDocument: { Statement: Array<{ Effect: string }> };
    };
    expect(result.policyDocument.Statement[0]?.Effect).toBe('Deny');
  });

  describe('administration', () => {
    type Answer = {
      policyDocument: { Statement: Array<{ Effect: string }> };
      context?: Record<string, unknown>;
      usageIdentifierKey?: string;
    };
    const adminRoute = (value: string) =>
      ({
        ...request(`Bearer ${value}`),
        httpMethod: 'GET',
        resource: '/api/v1/admin/users',
      }) as APIGatewayRequestAuthorizerEvent;
    const admin = { sub: 'admin-1', username: 'root', 'cognito:groups': ['admin'] };

    it("lets a password-only administrator through as mfaRequired, with an analyst's scopes, for the route to refuse", async () => {
      const result = (await handler(adminRoute(await issued(admin)), context)) as Answer;
      expect(result.policyDocument.Statement[0]?.Effect).toBe('Allow');
      expect(result.context).toMatchObject({ role: 'admin', mfa: 'false', mfaRequired: 'true' });
      expect(String(result.context?.scopes).split(' ')).not.toContain('admin');
      expect(result.usageIdentifierKey).toMatch(/^[0-9a-f]{40}$/);
    });

    it('allows an administrator signed in with a second factor, with the admin scope', async () => {
      const result = (await handler(adminRoute(await issued(admin, { mfa: true })), context)) as Answer;
      expect(result.policyDocument.Statement[0]?.Effect).toBe('Allow');
      expect(result.context).toMatchObject({ role: 'admin', mfa: 'true' });
      expect(result.context?.mfaRequired).toBeUndefined();
      expect(String(result.context?.scopes).split(' ')).toContain('admin');
    });

    it("keeps the session's second factor across a refresh, and its absence too", async () => {
      const { SignInSessions } = await import('../../packages/auth/src/sessions');
      const sessions = new SignInSessions();
      for (const mfa of [true, false]) {
        const refreshToken = `refresh-${randomUUID()}`;
        await issued(admin, { mfa, refreshToken });
        const refreshed = token(admin);
        await sessions.refresh(refreshToken, async () => ({
          access_token: refreshed,
          token_type: 'bearer',
          expires_in: 600,
        }));
        const result = (await handler(adminRoute(refreshed), context)) as Answer;
        expect(result.policyDocument.Statement[0]?.Effect).toBe('Allow');
        expect(result.context).toMatchObject({ mfa: String(mfa) });
        expect(String(result.context?.scopes).split(' ').includes('admin')).toBe(mfa);
        expect(result.context?.mfaRequired).toBe(mfa ? undefined : 'true');
      }
    });

    it('denies an analyst the route outright, whatever their sign-in: no second factor would help', async () => {
      const result = (await handler(adminRoute(await issued({}, { mfa: true })), context)) as Answer;
      expect(result.policyDocument.Statement[0]?.Effect).toBe('Deny');
    });
  });

  it("allows a valid access token and answers the principal and the caller's own usage-plan key", async () => {
    const result = (await handler(request(`Bearer ${await issued()}`), context)) as {
      policyDocument: { Statement: Array<{ Effect: string; Resource: string }> };
      context: Record<string, unknown>;
      usageIdentifierKey?: string;
    };
    expect(result.usageIdentifierKey).toMatch(/^[0-9a-f]{40}$/);
    const again = (await handler(request(`Bearer ${await issued()}`), context)) as typeof result;
    expect(again.usageIdentifierKey).toBe(result.usageIdentifierKey);
    const other = (await handler(
      request(`Bearer ${await issued({ sub: 'user-2' })}`),
      context,
    )) as typeof result;
    expect(other.usageIdentifierKey).toMatch(/^[0-9a-f]{40}$/);
    expect(other.usageIdentifierKey).not.toBe(result.usageIdentifierKey);
    expect(result.policyDocument.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Resource: fixture.methodArn,
    });
    expect(result.context).toMatchObject({
      tenantId: 'user-1',
      userId: 'user-1',
      username: 'alice',
      role: 'analyst',
      tier: 'user',
      via: 'jwt',
    });
    expect(String(result.context.scopes).split(' ')).toEqual(
      expect.arrayContaining(['datasets:read', 'reports:write']),
    );
  });

  it.each([
    ['no header', undefined],
    ['not a bearer', 'Basic YWRtaW46cGFzc3dvcmQxMjM='],
    ['garbage', 'Bearer not.a.jwt'],
    ['alg none', () => `Bearer ${token({}, { alg: 'none' })}`],
    ['signed by another key', () => `Bearer ${token({}, { key: other.privateKey })}`],
    ['unknown kid', () => `Bearer ${token({}, { kid: 'other' })}`],
    ['expired', () => `Bearer ${token({ exp: Math.floor(Date.now() / 1000) - 1 })}`],
    ['an ID token', () => `Bearer ${token({ token_use: 'id' })}`],
    ['another client', () => `Bearer ${token({ client_id: 'someone-else' })}`],
    ['another issuer', () => `Bearer ${token({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/other' })}`],
    ['a valid token this API never issued', () => `Bearer ${token({})}`],
  ])('refuses %s with Unauthorized', async (_label, header) => {
    const value = typeof header === 'function' ? header() : header;
    await expect(handler(request(value), context)).rejects.toThrow('Unauthorized');
  });
});

import { AuthenticationError, type Principal } from '@pynomaly/core';
import type { ApiKeyRepository } from './api-keys';
import { principalFromClaims } from './principal';
import type { SignInSessions } from './sessions';
import { verifyAccessToken } from './tokens';

export interface Credentials {
  /** The `Authorization` header. */
  authorization?: string;
  /** The `X-API-Key` header. */
  apiKey?: string;
}

export interface Authenticated {
  principal: Principal;
  /** For a token: the sign-in session logout ends. */
  sessionId?: string;
}

/**
 * Who is calling: a Cognito access token (verified, issued by this API to a session still
 * open, to a user not cut off since; its scopes as that session's sign-in earned them) or an API key (known, right secret, not expired or
 * revoked, made by a user not cut off since). Anything else is an AuthenticationError.
 */
export async function authenticate(
  credentials: Credentials,
  deps: { apiKeys: ApiKeyRepository; sessions: SignInSessions },
): Promise<Authenticated> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(credentials.authorization ?? '')?.[1];
  if (bearer) {
    let claims: Awaited<ReturnType<typeof verifyAccessToken>>;
    try {
      claims = await verifyAccessToken(bearer);
    } catch (error) {
      throw new AuthenticationError(`Invalid token: ${(error as Error).message}`);
    }
    const { sessionId, mfa } = await deps.sessions.standing({
      sub: String(claims.sub ?? ''),
      jti: String(claims.jti ?? ''),
    });
    return { principal: principalFromClaims(claims, { mfa }), sessionId };
  }
  if (credentials.apiKey) {
    const key = await deps.apiKeys.verify(credentials.apiKey);
    if (!key) throw new AuthenticationError('Invalid, expired or revoked API key');
    // A key dies with its maker: deleted, disabled or changed after it was made.
    const cutAt = await deps.sessions.cutOffAt(key.created_by);
    if (cutAt !== undefined && Date.parse(key.created_at) < cutAt)
      throw new AuthenticationError('The API key was revoked with its creator');
    return {
      principal: {
        tenantId: key.tenant_id,
        userId: `apikey:${key.id}`,
        username: key.name,
        role: 'viewer',
        scopes: key.scopes,
        tier: 'api_key',
        via: 'api_key',
      },
    };
  }
  throw new AuthenticationError('Not authenticated');
}

import { AuthenticationError, type Principal } from '@pynomaly/core';
import type { ApiKeyRepository } from './api-keys';
import type { TokenDenylist } from './denylist';
import { principalFromClaims } from './principal';
import { verifyAccessToken } from './tokens';

export interface Credentials {
  /** The `Authorization` header. */
  authorization?: string;
  /** The `X-API-Key` header. */
  apiKey?: string;
}

export interface Authenticated {
  principal: Principal;
  /** For a token: what logout revokes (Cognito's `origin_jti`, else `jti`) and when it expires. */
  token?: { id: string; expiresAt: number };
}

/**
 * Who is calling: a Cognito access token (verified, and not revoked by a logout) or an API
 * key (known, right secret, not expired or revoked). Anything else is an AuthenticationError.
 */
export async function authenticate(
  credentials: Credentials,
  deps: { apiKeys: ApiKeyRepository; denylist: TokenDenylist },
): Promise<Authenticated> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(credentials.authorization ?? '')?.[1];
  if (bearer) {
    let claims: Awaited<ReturnType<typeof verifyAccessToken>>;
    try {
      claims = await verifyAccessToken(bearer);
    } catch (error) {
      throw new AuthenticationError(`Invalid token: ${(error as Error).message}`);
    }
    const id = String(claims.origin_jti ?? claims.jti ?? '');
    if (id && (await deps.denylist.has(id))) throw new AuthenticationError('Token has been revoked');
    return { principal: principalFromClaims(claims), token: { id, expiresAt: Number(claims.exp ?? 0) } };
  }
  if (credentials.apiKey) {
    const key = await deps.apiKeys.verify(credentials.apiKey);
    if (!key) throw new AuthenticationError('Invalid, expired or revoked API key');
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

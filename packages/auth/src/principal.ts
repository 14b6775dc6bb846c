import { type Principal, roleFromGroups } from '@pynomaly/core';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';

/**
 * The caller a verified token names. Until organisations exist, each user is their own
 * tenant, keyed by the immutable Cognito `sub`.
 */
export function principalFromClaims(claims: JwtPayload): Principal {
  const sub = String(claims.sub ?? '');
  const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as string[]) : [];
  return {
    tenantId: sub,
    userId: sub,
    username: String(claims.username ?? claims['cognito:username'] ?? sub),
    role: roleFromGroups(groups),
  };
}

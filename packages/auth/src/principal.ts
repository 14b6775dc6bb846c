import { type Principal, roleFromGroups, roleScopes, tierOfRole } from '@pynomaly/core';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';

/**
 * The caller a verified token names. Until organisations exist, each user is their own
 * tenant, keyed by the immutable Cognito `sub`. A role's scopes and rate tier come from the
 * one access table.
 */
export function principalFromClaims(claims: JwtPayload): Principal {
  const sub = String(claims.sub ?? '');
  const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as string[]) : [];
  const role = roleFromGroups(groups);
  return {
    tenantId: sub,
    userId: sub,
    username: String(claims.username ?? claims['cognito:username'] ?? sub),
    role,
    scopes: [...roleScopes[role]],
    tier: tierOfRole(role),
    via: 'jwt',
  };
}

/** The principal as API Gateway carries it in the authorizer context (scalars only). */
export function principalContext(principal: Principal): Record<string, string> {
  return {
    tenantId: principal.tenantId,
    userId: principal.userId,
    username: principal.username,
    role: principal.role,
    scopes: principal.scopes.join(' '),
    tier: principal.tier,
    via: principal.via,
  };
}

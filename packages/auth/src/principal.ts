import { type Principal, roleFromGroups, type SignInFactors, signInScopes, tierOfRole } from '@pynomaly/core';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';

/**
 * The caller a verified token names, signed in as its session records. Until organisations
 * exist, each user is their own tenant, keyed by the immutable Cognito `sub`. Scopes come from
 * the one access table, by role and by whether the sign-in had a second factor (an
 * administrator without one has an analyst's); the rate tier by role.
 */
export function principalFromClaims(claims: JwtPayload, signIn: SignInFactors): Principal {
  const sub = String(claims.sub ?? '');
  const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as string[]) : [];
  const role = roleFromGroups(groups);
  return {
    tenantId: sub,
    userId: sub,
    username: String(claims.username ?? claims['cognito:username'] ?? sub),
    role,
    scopes: signInScopes(role, signIn),
    tier: tierOfRole(role),
    via: 'jwt',
    mfa: signIn.mfa,
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
    ...(principal.mfa === undefined ? {} : { mfa: String(principal.mfa) }),
  };
}

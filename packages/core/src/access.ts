import type { Role } from './principal';

/**
 * Who may do what. Every route names one scope (functions/routes.ts); a user's role grants a
 * set of scopes, an API key carries the scopes it was created with. The authorizer checks
 * this one table for every caller, so a permission is never decided in two places.
 */
export const scopes = [
  'datasets:read',
  'datasets:write',
  'reports:read',
  'reports:write',
  'detection:read',
  'detection:write',
  'account',
  'admin',
] as const;
export type Scope = (typeof scopes)[number];

/** Scopes an API key may be given: everything but account management and administration. */
export const apiKeyScopes = scopes.filter((s) => s !== 'admin' && s !== 'account');

const read: Scope[] = ['datasets:read', 'reports:read', 'detection:read', 'account'];
const write: Scope[] = ['datasets:write', 'reports:write', 'detection:write'];

export const roleScopes: Record<Role, readonly Scope[]> = {
  viewer: read,
  analyst: [...read, ...write],
  admin: [...read, ...write, 'admin'],
};

/** Rate tiers (seed 000): requests per hour, one counter per caller shared by every Lambda. */
export const tiers = {
  user: { requestsPerHour: 1000 },
  api_key: { requestsPerHour: 5000 },
  admin: { requestsPerHour: 10000 },
} as const;
export type Tier = keyof typeof tiers;

/** Uploads per user per hour (seed 003). */
export const UPLOADS_PER_HOUR = 10;

export function tierOfRole(role: Role): Tier {
  return role === 'admin' ? 'admin' : 'user';
}

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

/**
 * What a caller with no credentials may spend, per source address and hour, by route class.
 * Each class has its own count, so polling health never locks anyone out of signing in;
 * health and the API reference are not counted at all.
 */
export const publicBudgets = {
  sign_in: { requestsPerHour: 300 },
  register: { requestsPerHour: 20 },
  public: { requestsPerHour: 1000 },
} as const;
export type PublicBudget = keyof typeof publicBudgets | 'none';

/** Failed sign-ins of one username in LOCKOUT_SECONDS that lock it for the rest of the window. */
export const FAILED_SIGN_INS_PER_USER = 5;
export const LOCKOUT_SECONDS = 15 * 60;
/** Refused credentials (bad tokens, unknown keys, missing scopes) from one address per window before it is throttled. */
export const FAILED_AUTH_PER_ADDRESS = 100;
export const FAILED_AUTH_WINDOW_SECONDS = 15 * 60;

export function tierOfRole(role: Role): Tier {
  return role === 'admin' ? 'admin' : 'user';
}

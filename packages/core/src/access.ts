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

/**
 * Scopes a role grants only to a sign-in completed with a second factor (TOTP or SMS, at
 * `/auth/mfa/verify`). An administrator who signed in with a password alone works as an
 * analyst until they sign in with a code (docs/adr/0005-accounts-and-mfa.md).
 */
export const mfaScopes: readonly Scope[] = ['admin'];

/** How a user signed in: whether the sign-in was completed with a second factor. */
export interface SignInFactors {
  mfa: boolean;
}

/** What a signed-in user may do: their role's scopes, less those their sign-in has not earned. */
export function signInScopes(role: Role, signIn: SignInFactors): Scope[] {
  return roleScopes[role].filter((scope) => signIn.mfa || !mfaScopes.includes(scope));
}

/** The scopes a role grants that this sign-in lacks for want of a second factor. */
export function scopesAwaitingMfa(role: Role, signIn: SignInFactors): Scope[] {
  return signIn.mfa ? [] : roleScopes[role].filter((scope) => mfaScopes.includes(scope));
}

/** What a user who lacks a scope for want of a second factor is told to do, in a 403 and at sign-in. */
export const MFA_SETUP_ADVICE =
  'Administration needs a sign-in completed with a second factor. Enrol one (POST /api/v1/mfa/totp/setup, then POST /api/v1/mfa/totp/verify with a code from the app), then sign in again and finish with the code at POST /api/v1/auth/mfa/verify.';

/** Rate tiers (seed 000): requests per hour, one counter per caller shared by every Lambda. */
export const tiers = {
  user: { requestsPerHour: 1000 },
  api_key: { requestsPerHour: 5000 },
  admin: { requestsPerHour: 10000 },
} as const;
export type Tier = keyof typeof tiers;

/** Usage plan figures for an hourly tier (API Gateway, and the local gateway's stand-in). */
export interface UsagePlanLimits {
  /** Steady requests per second a caller's bucket refills at. */
  readonly rateLimit: number;
  /** Requests a caller may send at once before the steady rate applies (the bucket's size). */
  readonly burstLimit: number;
  /** Requests per caller per day. */
  readonly dailyQuota: number;
}

/**
 * The usage plan of a tier of `requestsPerHour`, applied per caller (every user and API key has
 * its own usage-plan key). It is a flood guard and a daily cap, never the hourly limit: that is
 * the DynamoDB counter (rate-limit.ts), exact, with X-RateLimit-* headers and Retry-After.
 * So the plan must never refuse what the counter would allow to a legitimate caller:
 * - rate: an hour's budget over one minute (N/60 per second). Spending the whole hour in a
 *   minute is allowed; only a caller sending faster than that, i.e. one still hammering once its
 *   hour is spent, is refused at the gateway, before any Lambda or DynamoDB write.
 * - burst: a fifth of the hour at once, at least 20 (max(20, N/5): user 200, the stage's own
 *   burst; for api_key and admin the stage burst of 200 binds first). A dashboard page fires a
 *   few dozen requests at once, and a script walking a list with a few parallel workers a
 *   hundred-odd in a second or two (the integration suite's security matrix: ~125 as one viewer
 *   in one to two seconds); a smaller bucket would throttle them while their hour is far from spent.
 * - daily quota: 24 hours' worth (24·N). A caller within the hourly limit never reaches it.
 * docs/adr/0004-rate-tiers-and-api-keys.md has the figures and the reasoning.
 */
export function usagePlanLimits(requestsPerHour: number): UsagePlanLimits {
  return {
    rateLimit: requestsPerHour / 60,
    burstLimit: Math.max(20, Math.ceil(requestsPerHour / 5)),
    dailyQuota: 24 * requestsPerHour,
  };
}

/** The variable that tells the authorizer a tier's usage plan id (`USAGE_PLAN_ID_<TIER>`). */
export function usagePlanIdVariable(tier: Tier): string {
  return `USAGE_PLAN_ID_${tier.toUpperCase()}`;
}

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

/** Roles, from least to most privileged; a Cognito group of the same name grants the role. */
export const roles = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Who is calling: what the authorizer proved, as every handler sees it. */
export interface Principal {
  tenantId: string;
  userId: string;
  username: string;
  role: Role;
  /** What the caller may do (see access.ts). */
  scopes: string[];
  /** `user`, `api_key` or `admin`: the rate tier. */
  tier: 'user' | 'api_key' | 'admin';
  /** `jwt` for a signed-in user, `api_key` for a key. */
  via: 'jwt' | 'api_key';
  /** For a signed-in user: whether the sign-in was completed with a second factor (see access.ts). */
  mfa?: boolean;
}

/** The most privileged role among a user's groups; users in no group are viewers. */
export function roleFromGroups(groups: readonly string[]): Role {
  for (const role of [...roles].reverse()) if (groups.includes(role)) return role;
  return 'viewer';
}

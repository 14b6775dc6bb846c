/** Roles, from least to most privileged; a Cognito group of the same name grants the role. */
export const roles = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Who is calling: what the authorizer proved, as every handler sees it. */
export interface Principal {
  tenantId: string;
  userId: string;
  username: string;
  role: Role;
}

/** The most privileged role among a user's groups; users in no group are viewers. */
export function roleFromGroups(groups: readonly string[]): Role {
  for (const role of [...roles].reverse()) if (groups.includes(role)) return role;
  return 'viewer';
}

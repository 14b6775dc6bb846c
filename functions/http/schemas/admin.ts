import { z } from 'zod';

/**
 * The roles an administrator may give, as packages/core/src/principal.ts lists them (spelled
 * out so this module needs nothing but zod; a unit test keeps the two lists equal).
 */
export const assignableRoles = ['viewer', 'analyst', 'admin'] as const;

/** `PATCH /api/v1/admin/users/{username}`: what an administrator may set; anything else is refused. */
export const userChangesBody = z
  .object({
    role: z.enum(assignableRoles).optional(),
    enabled: z.boolean().optional(),
    mfa_enabled: z.literal(false).optional(),
  })
  .strict();

/** `POST /api/v1/admin/users`. */
export const newUserBody = z
  .object({
    username: z.string().regex(/^[A-Za-z0-9._@+-]{3,128}$/, '3-128 letters, digits or . _ @ + -'),
    password: z.string().min(8).max(256),
    email: z.email().optional(),
    role: z.enum(assignableRoles).default('viewer'),
  })
  .strict();

/** `GET /api/v1/admin/audit`. */
export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  action: z
    .enum([
      'login',
      'login_failed',
      'logout',
      'mfa_enabled',
      'mfa_disabled',
      'api_key_created',
      'api_key_revoked',
      'user_created',
      'user_updated',
      'user_deleted',
      'role_changed',
      'registered',
    ])
    .optional(),
});

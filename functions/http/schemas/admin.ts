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

/** What the audit trail records (packages/auth/src/audit.ts). */
export const auditActions = [
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
] as const;

/** `GET /api/v1/admin/audit`. */
export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  action: z.enum(auditActions).optional(),
});

const timestamp = z.string().describe('ISO 8601');

/**
 * A user of the pool as administrators see it (and as registration answers it): never the
 * password. Shared by `POST /api/v1/auth/register`.
 */
export const userAnswer = z
  .object({
    username: z.string(),
    user_id: z.string().describe("The user's immutable id (Cognito `sub`)"),
    email: z.string().nullable(),
    role: z.enum(assignableRoles),
    enabled: z.boolean().describe('False when an administrator disabled the account: it cannot sign in'),
    status: z.string().describe('Cognito user status, e.g. `CONFIRMED`'),
    mfa_enabled: z.boolean(),
    mfa_methods: z.array(z.string()).describe('`totp`, `sms`: the second factors Cognito has on'),
    created_at: timestamp.nullable(),
  })
  .meta({
    examples: [
      {
        username: 'alice',
        user_id: '5f0c2a3e-7c1b-4d4e-9a51-2b8f0d6c9e11',
        email: 'alice@example.com',
        role: 'analyst',
        enabled: true,
        status: 'CONFIRMED',
        mfa_enabled: true,
        mfa_methods: ['totp'],
        created_at: '2026-03-02T09:15:00.000Z',
      },
    ],
  });

/** `GET /api/v1/admin/users`: every user of the pool, by username. */
export const userListAnswer = z.array(userAnswer);

/** One entry of the audit trail. */
export const auditEventAnswer = z
  .object({
    id: z.string(),
    action: z.enum(auditActions),
    actor: z.string().describe('The username who acted (for a failed sign-in, the one tried)'),
    target: z.string().nullable().describe('The user or API key acted on'),
    // Open by nature: each action records its own facts (a role, a key's scopes, the changes made).
    detail: z.record(z.string(), z.unknown()).describe("The action's particulars"),
    source_ip: z.string().nullable(),
    at: timestamp,
  })
  .meta({
    examples: [
      {
        id: '01jnq8m4z6y3k2w1v0t9s8r7q6',
        action: 'api_key_created',
        actor: 'alice',
        target: '01jnq8m4z6y3k2w1v0t9s8r7q5',
        detail: { name: 'nightly-batch', scopes: ['detection:write'] },
        source_ip: '203.0.113.7',
        at: '2026-03-02T09:20:11.402Z',
      },
    ],
  });

/** `GET /api/v1/admin/audit`: newest first. */
export const auditListAnswer = z.array(auditEventAnswer);

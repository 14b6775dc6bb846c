import { z } from 'zod';

/**
 * The scopes a key may carry, as packages/core/src/access.ts derives them (spelled out so this
 * module needs nothing but zod; a unit test keeps the two lists equal).
 */
export const keyScopes = [
  'datasets:read',
  'datasets:write',
  'reports:read',
  'reports:write',
  'detection:read',
  'detection:write',
] as const;

/** `POST /api/v1/api-keys`. */
export const newApiKeyBody = z
  .object({
    name: z.string().min(1).max(128),
    scopes: z.array(z.enum(keyScopes)).min(1),
    expires_at: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict();

const timestamp = z.string().describe('ISO 8601');

const keyExample = {
  id: '01jnq8m4z6y3k2w1v0t9s8r7q5',
  tenant_id: '5f0c2a3e-7c1b-4d4e-9a51-2b8f0d6c9e11',
  name: 'nightly-batch',
  scopes: ['datasets:write', 'detection:write'],
  prefix: 'pyn_01jnq8m4',
  key_prefix: 'pyn_01jnq8m4',
  created_by: '5f0c2a3e-7c1b-4d4e-9a51-2b8f0d6c9e11',
  created_at: '2026-03-02T09:20:11.398Z',
  expires_at: null,
  revoked_at: null,
  last_used_at: null,
  status: 'active',
};

/** An API key as its tenant's administrators see it: never its secret, only its prefix. */
export const apiKeyAnswer = z
  .object({
    id: z.string(),
    tenant_id: z.string(),
    name: z.string(),
    scopes: z.array(z.string()).describe('What the key may do: some of the API key scopes'),
    prefix: z.string().describe('The first 12 characters of the key (`pyn_` and the start of its id)'),
    key_prefix: z.string().describe('The same as `prefix`'),
    created_by: z
      .string()
      .describe(
        'The user id of its maker: their keys are revoked when they are deleted, disabled or change role',
      ),
    created_at: timestamp,
    expires_at: timestamp.nullable().describe('Null: never'),
    revoked_at: timestamp.nullable(),
    last_used_at: timestamp.nullable(),
    // packages/auth types it a string: checked against the three it can be when answered.
    status: z.string().pipe(z.enum(['active', 'expired', 'revoked'])),
  })
  .meta({ examples: [keyExample] });

/** `POST /api/v1/api-keys`: the key and its secret, shown this once and never stored. */
export const apiKeyWithSecretAnswer = apiKeyAnswer
  .extend({
    key: z.string().describe('`pyn_<id>_<secret>`: send it as `X-API-Key`; it is never shown again'),
  })
  .meta({
    examples: [
      {
        ...keyExample,
        key: 'pyn_01jnq8m4z6y3k2w1v0t9s8r7q5_q5b0yKx3L9mR2cT7vW1nP4sA8dF6gH0jK2lZ3xC5vB7',
      },
    ],
  });

/** `GET /api/v1/api-keys`: the tenant's keys, newest first. */
export const apiKeyListAnswer = z.array(apiKeyAnswer);

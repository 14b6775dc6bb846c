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

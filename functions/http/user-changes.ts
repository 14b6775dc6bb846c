import { roles } from '@pynomaly/core';
import { z } from 'zod';

/** What an administrator may set on a user; anything else in the body is refused. */
export const userChanges = z
  .object({
    role: z.enum(roles).optional(),
    enabled: z.boolean().optional(),
    mfa_enabled: z.literal(false).optional(),
  })
  .strict();

export const newUser = z
  .object({
    username: z.string().regex(/^[A-Za-z0-9._@+-]{3,128}$/, '3-128 letters, digits or . _ @ + -'),
    password: z.string().min(8).max(256),
    email: z.email().optional(),
    role: z.enum(roles).default('viewer'),
  })
  .strict();

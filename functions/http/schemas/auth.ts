import { z } from 'zod';

/** `POST /api/v1/auth/login`. */
export const loginBody = z.object({
  username: z.string().min(1).max(128),
  password: z.string().min(1).max(256),
});

/** `POST /api/v1/auth/mfa/verify`: the challenge session of a login and the code. */
export const loginMfaBody = z.object({
  username: z.string().min(1).max(128),
  session: z.string().min(1).max(4096),
  code: z.string().regex(/^\d{6,8}$/, 'a 6-digit code'),
  challenge: z.enum(['SOFTWARE_TOKEN_MFA', 'SMS_MFA']).default('SOFTWARE_TOKEN_MFA'),
});

/** `POST /api/v1/auth/refresh`. */
export const refreshBody = z.object({ refresh_token: z.string().min(1).max(8192) });

/** `POST /api/v1/auth/logout`: the refresh token, when the caller wants it revoked too. */
export const logoutBody = z.object({ refresh_token: z.string().min(1).max(8192).optional() });

/** `POST /api/v1/auth/register`: no role, since self-service accounts are always viewers. */
export const registerBody = z
  .object({
    username: z.string().regex(/^[A-Za-z0-9._@+-]{3,128}$/, '3-128 letters, digits or . _ @ + -'),
    password: z.string().min(8).max(256),
    email: z.email().optional(),
  })
  .strict();

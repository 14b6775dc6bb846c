import { z } from 'zod';
import { assignableRoles } from './admin';

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

/** The tokens of the examples. */
const tokensExample = {
  access_token: 'eyJraWQiOiJ…',
  token_type: 'bearer',
  expires_in: 3600,
  refresh_token: 'eyJjdHkiOiJ…',
  id_token: 'eyJraWQiOiJ…',
};

/** Tokens of a completed sign-in, as Cognito issued them and this API recorded them. */
export const tokensAnswer = z
  .object({
    access_token: z.string().describe('A JWT: send it as `Authorization: Bearer …`'),
    token_type: z.literal('bearer'),
    expires_in: z.number().int().describe('Seconds the access token is valid for'),
    refresh_token: z.string().optional().describe('For `POST /api/v1/auth/refresh`'),
    id_token: z.string().optional(),
  })
  .meta({ examples: [tokensExample] });

/** `POST /api/v1/auth/refresh`: a new access token; the refresh token is the one sent, unless Cognito rotated it. */
export const refreshAnswer = tokensAnswer.extend({ refresh_token: z.string() });

/**
 * A password sign-in's tokens. A user whose role grants scopes that need a second factor (an
 * administrator) and who has none gets tokens without them, and is told how to earn them.
 */
const signedInAnswer = tokensAnswer
  .extend({
    mfa_setup_required: z
      .literal(true)
      .optional()
      .describe('Present when the role grants scopes this sign-in lacks for want of a second factor'),
    scopes_awaiting_mfa: z.array(z.string()).optional(),
    warnings: z.array(z.string()).optional(),
  })
  .meta({
    examples: [
      {
        ...tokensExample,
        mfa_setup_required: true,
        scopes_awaiting_mfa: ['admin'],
        warnings: ['Administration needs a sign-in completed with a second factor. Enrol one (…)'],
      },
    ],
  });

/** The challenge of a user with a second factor: answer it at `POST /api/v1/auth/mfa/verify`. */
export const mfaChallengeAnswer = z
  .object({
    mfa_required: z.literal(true),
    method: z.enum(['totp', 'sms']).describe('`totp`: a code from the app; `sms`: the code just texted'),
    challenge: z.string().describe('`SOFTWARE_TOKEN_MFA` or `SMS_MFA`: send it back as `challenge`'),
    session: z.string().describe('The challenge session: send it back as `session`'),
  })
  .meta({
    examples: [{ mfa_required: true, method: 'totp', challenge: 'SOFTWARE_TOKEN_MFA', session: 'AYABeC…' }],
  });

/** `POST /api/v1/auth/login`: tokens, or the second-factor challenge. */
export const loginAnswer = z.union([signedInAnswer, mfaChallengeAnswer]);

/** `POST /api/v1/auth/logout`. */
export const logoutAnswer = z.object({
  logged_out: z.literal(true),
  session_ended: z
    .boolean()
    .describe("Whether the token's sign-in session was ended: every token it issued is refused from now on"),
  refresh_token_revoked: z
    .boolean()
    .describe("The session's refresh token no longer refreshes; one sent along is revoked at Cognito too"),
});

/** `GET /api/v1/auth/me`: the caller, what this sign-in may do and what waits for a second factor. */
export const meAnswer = z
  .object({
    user_id: z.string(),
    username: z.string(),
    role: z.enum(assignableRoles),
    scopes: z.array(z.string()).describe('The scopes this sign-in carries'),
    tier: z.enum(['user', 'api_key', 'admin']).describe('The rate tier'),
    tenant_id: z.string(),
    mfa_enabled: z.boolean().describe('Whether any second factor is enrolled'),
    mfa_methods: z.array(z.enum(['totp', 'sms'])),
    signed_in_with_mfa: z.boolean(),
    admin_requires_mfa: z
      .boolean()
      .describe('Whether the `admin` scope needs a sign-in with a second factor'),
    scopes_awaiting_mfa: z
      .array(z.string())
      .describe('Scopes the role grants that this sign-in lacks for want of a second factor'),
    warnings: z.array(z.string()).describe('What to do about `scopes_awaiting_mfa`'),
  })
  .meta({
    examples: [
      {
        user_id: '5f0c2a3e-7c1b-4d4e-9a51-2b8f0d6c9e11',
        username: 'alice',
        role: 'analyst',
        scopes: [
          'datasets:read',
          'reports:read',
          'detection:read',
          'account',
          'datasets:write',
          'reports:write',
          'detection:write',
        ],
        tier: 'user',
        tenant_id: '5f0c2a3e-7c1b-4d4e-9a51-2b8f0d6c9e11',
        mfa_enabled: true,
        mfa_methods: ['totp'],
        signed_in_with_mfa: true,
        admin_requires_mfa: true,
        scopes_awaiting_mfa: [],
        warnings: [],
      },
    ],
  });

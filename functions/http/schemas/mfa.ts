import { z } from 'zod';

const sixDigits = z.string().regex(/^\d{6}$/, 'a 6-digit code');

/** `POST /api/v1/mfa/totp/setup`: how the authenticator app labels the account. */
export const totpSetupBody = z.object({
  app_name: z.string().min(1).max(64).optional(),
  issuer: z.string().min(1).max(64).optional(),
});

/** `POST /api/v1/mfa/totp/verify`: `totp_code` as the developer guide sends it; `code` also accepted. */
export const totpVerifyBody = z
  .object({ totp_code: sixDigits.optional(), code: sixDigits.optional() })
  .refine((b) => b.totp_code ?? b.code, { message: 'totp_code is required', path: ['totp_code'] });

/** `POST /api/v1/mfa/sms/setup`. */
export const smsSetupBody = z.object({ phone_number: z.string().min(8).max(16) }).strict();

/** `POST /api/v1/mfa/sms/verify`: `sms_code` as the developer guide sends it; `code` also accepted. */
export const smsVerifyBody = z
  .object({ sms_code: sixDigits.optional(), code: sixDigits.optional() })
  .refine((b) => b.sms_code ?? b.code, { message: 'sms_code is required', path: ['sms_code'] });

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

/** `POST /api/v1/mfa/totp/setup`: what an authenticator app needs; confirm with a code at `/mfa/totp/verify`. */
export const totpSetupAnswer = z
  .object({
    secret: z.string().describe('The shared secret, base32, for entering by hand'),
    otpauth_uri: z.string().describe('`otpauth://totp/…`: show it as a QR code for the app to scan'),
    app_name: z.string().describe("The label's first part: the entry reads `<app_name>:<username>`"),
    issuer: z.string(),
  })
  .meta({
    examples: [
      {
        secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        otpauth_uri:
          'otpauth://totp/Pynomaly%3Aalice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Pynomaly&algorithm=SHA1&digits=6&period=30',
        app_name: 'Pynomaly',
        issuer: 'Pynomaly',
      },
    ],
  });

/** The caller's second factors after enrolling or switching them off. */
export const mfaStatusAnswer = z
  .object({
    enabled: z.boolean().describe('Whether sign-in now asks for a second factor'),
    methods: z.array(z.enum(['totp', 'sms'])),
    preferred: z.enum(['totp', 'sms']).nullable().describe('The factor sign-in asks for; null when none'),
  })
  .meta({ examples: [{ enabled: true, methods: ['totp'], preferred: 'totp' }] });

/** `POST /api/v1/mfa/sms/setup`: confirm with the texted code at `/mfa/sms/verify` within 5 minutes. */
export const smsSetupAnswer = z.object({
  code_sent_to: z
    .string()
    .describe('The phone the code went to, all but the first 3 and last 2 digits masked'),
});

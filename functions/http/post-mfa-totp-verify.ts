import { AuditLog, Mfa } from '@pynomaly/auth';
import { bearerToken, httpHandler, json, parseJsonBody, principalOf, sourceIp } from '@pynomaly/core';
import { z } from 'zod';

const mfa = new Mfa();
const audit = new AuditLog();
const sixDigits = z.string().regex(/^\d{6}$/, 'a 6-digit code');
/** `totp_code` as the developer guide sends it; `code` also accepted. */
const body = z
  .object({ totp_code: sixDigits.optional(), code: sixDigits.optional() })
  .refine((b) => b.totp_code ?? b.code, { message: 'totp_code is required', path: ['totp_code'] });

/** Finishes TOTP enrolment with a code from the app; from now on sign-in asks for one. */
const codeOf = (b: { totp_code?: string; code?: string }) => b.totp_code ?? b.code ?? '';

export const handler = httpHandler(async (event) => {
  const status = await mfa.verifyTotp(bearerToken(event), codeOf(parseJsonBody(event, body)));
  const { username } = principalOf(event);
  await audit.record({
    action: 'mfa_enabled',
    actor: username,
    target: username,
    detail: { method: 'totp' },
    source_ip: sourceIp(event),
  });
  return json(200, status);
});

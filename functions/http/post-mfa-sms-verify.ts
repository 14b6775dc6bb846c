import { AuditLog, SmsMfa } from '@pynomaly/auth';
import { httpHandler, json, parseJsonBody, principalOf, sourceIp } from '@pynomaly/core';
import { z } from 'zod';

const sms = new SmsMfa();
const audit = new AuditLog();
const sixDigits = z.string().regex(/^\d{6}$/, 'a 6-digit code');
/** `sms_code` as the developer guide sends it; `code` also accepted. */
const body = z
  .object({ sms_code: sixDigits.optional(), code: sixDigits.optional() })
  .refine((b) => b.sms_code ?? b.code, { message: 'sms_code is required', path: ['sms_code'] });

/** Confirms the phone with the texted code; from now on sign-in asks for an SMS code. */
export const handler = httpHandler(async (event) => {
  const { userId, username } = principalOf(event);
  const request = parseJsonBody(event, body);
  await sms.confirm(userId, request.sms_code ?? request.code ?? '');
  await audit.record({
    action: 'mfa_enabled',
    actor: username,
    target: username,
    detail: { method: 'sms' },
    source_ip: sourceIp(event),
  });
  return json(200, { enabled: true, methods: ['sms'], preferred: 'sms' });
});

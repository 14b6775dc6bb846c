import { AuditLog, SmsMfa } from '@pynomaly/auth';
import { httpHandler, json, parseJsonBody, principalOf, sourceIp } from '@pynomaly/core';
import { z } from 'zod';

const sms = new SmsMfa();
const audit = new AuditLog();
const body = z.object({ code: z.string().regex(/^\d{6}$/, 'a 6-digit code') });

/** Confirms the phone with the texted code; from now on sign-in asks for an SMS code. */
export const handler = httpHandler(async (event) => {
  const { userId, username } = principalOf(event);
  await sms.confirm(userId, parseJsonBody(event, body).code);
  await audit.record({
    action: 'mfa_enabled',
    actor: username,
    target: username,
    detail: { method: 'sms' },
    source_ip: sourceIp(event),
  });
  return json(200, { enabled: true, methods: ['sms'], preferred: 'sms' });
});

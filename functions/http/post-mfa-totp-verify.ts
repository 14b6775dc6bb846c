import { AuditLog, Mfa } from '@pynomaly/auth';
import { bearerToken, httpHandler, json, parseJsonBody, principalOf, sourceIp } from '@pynomaly/core';
import { z } from 'zod';

const mfa = new Mfa();
const audit = new AuditLog();
const body = z.object({ code: z.string().regex(/^\d{6}$/, 'a 6-digit code') });

/** Finishes TOTP enrolment with a code from the app; from now on sign-in asks for one. */
export const handler = httpHandler(async (event) => {
  const status = await mfa.verifyTotp(bearerToken(event), parseJsonBody(event, body).code);
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

import { Accounts, AuditLog, completeSignIn, SmsMfa } from '@pynomaly/auth';
import { httpHandler, json, parseJsonBody, sourceIp } from '@pynomaly/core';
import { z } from 'zod';

const deps = { accounts: new Accounts(), sms: new SmsMfa() };
const audit = new AuditLog();
const body = z.object({
  username: z.string().min(1).max(128),
  session: z.string().min(1).max(4096),
  code: z.string().regex(/^\d{6,8}$/, 'a 6-digit code'),
  challenge: z.enum(['SOFTWARE_TOKEN_MFA', 'SMS_MFA']).default('SOFTWARE_TOKEN_MFA'),
});

/** The second step of an MFA sign-in: the challenge session and the code → tokens. */
export const handler = httpHandler(async (event) => {
  const request = parseJsonBody(event, body);
  const tokens = await completeSignIn(request, deps);
  await audit.record({
    action: 'login',
    actor: request.username,
    target: null,
    detail: { mfa: request.challenge },
    source_ip: sourceIp(event),
  });
  return json(200, tokens);
});

import { AuditLog, SmsMfa } from '@pynomaly/auth';
import { answer, httpHandler, parseJsonBody, principalOf, sourceIp } from '@pynomaly/core';
import { mfaStatusAnswer, smsVerifyBody } from './schemas/mfa';

const sms = new SmsMfa();
const audit = new AuditLog();

/** Confirms the phone with the texted code; from now on sign-in asks for an SMS code. */
export const handler = httpHandler(async (event) => {
  const { userId, username } = principalOf(event);
  const request = parseJsonBody(event, smsVerifyBody);
  await sms.confirm(userId, request.sms_code ?? request.code ?? '');
  await audit.record({
    action: 'mfa_enabled',
    actor: username,
    target: username,
    detail: { method: 'sms' },
    source_ip: sourceIp(event),
  });
  return answer(200, mfaStatusAnswer, { enabled: true, methods: ['sms'], preferred: 'sms' });
});

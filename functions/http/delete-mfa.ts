import { AuditLog, Mfa, SmsMfa } from '@pynomaly/auth';
import { answer, bearerToken, httpHandler, principalOf, sourceIp } from '@pynomaly/core';
import { mfaStatusAnswer } from './schemas/mfa';

const mfa = new Mfa();
const sms = new SmsMfa();
const audit = new AuditLog();

/** Switches every second factor off: Cognito's TOTP and our SMS. */
export const handler = httpHandler(async (event) => {
  const { userId, username } = principalOf(event);
  await sms.disable(userId);
  const status = await mfa.disable(bearerToken(event));
  await audit.record({
    action: 'mfa_disabled',
    actor: username,
    target: username,
    detail: {},
    source_ip: sourceIp(event),
  });
  return answer(200, mfaStatusAnswer, status);
});

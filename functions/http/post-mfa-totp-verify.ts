import { AuditLog, Mfa } from '@pynomaly/auth';
import { answer, bearerToken, httpHandler, parseJsonBody, principalOf, sourceIp } from '@pynomaly/core';
import { mfaStatusAnswer, totpVerifyBody } from './schemas/mfa';

const mfa = new Mfa();
const audit = new AuditLog();

const codeOf = (b: { totp_code?: string; code?: string }) => b.totp_code ?? b.code ?? '';

/** Finishes TOTP enrolment with a code from the app; from now on sign-in asks for one. */
export const handler = httpHandler(async (event) => {
  const status = await mfa.verifyTotp(bearerToken(event), codeOf(parseJsonBody(event, totpVerifyBody)));
  const { username } = principalOf(event);
  await audit.record({
    action: 'mfa_enabled',
    actor: username,
    target: username,
    detail: { method: 'totp' },
    source_ip: sourceIp(event),
  });
  return answer(200, mfaStatusAnswer, status);
});

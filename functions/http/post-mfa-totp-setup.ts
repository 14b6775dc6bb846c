import { Mfa } from '@pynomaly/auth';
import { answer, bearerToken, httpHandler, parseJsonBody, principalOf } from '@pynomaly/core';
import { totpSetupAnswer, totpSetupBody } from './schemas/mfa';

const mfa = new Mfa();

/** Starts TOTP enrolment: the secret and an otpauth:// URI for an authenticator app. */
export const handler = httpHandler(async (event) => {
  const { app_name: appName, issuer } = parseJsonBody(event, totpSetupBody);
  const setup = await mfa.setupTotp(bearerToken(event), principalOf(event).username, { appName, issuer });
  return answer(200, totpSetupAnswer, setup);
});

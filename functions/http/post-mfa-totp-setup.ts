import { Mfa } from '@pynomaly/auth';
import { bearerToken, httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { totpSetupBody } from './schemas/mfa';

const mfa = new Mfa();

/** Starts TOTP enrolment: the secret and an otpauth:// URI for an authenticator app. */
export const handler = httpHandler(async (event) => {
  const { app_name: appName, issuer } = parseJsonBody(event, totpSetupBody);
  return json(200, await mfa.setupTotp(bearerToken(event), principalOf(event).username, { appName, issuer }));
});

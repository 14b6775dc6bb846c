import { Mfa } from '@pynomaly/auth';
import { bearerToken, httpHandler, json, principalOf } from '@pynomaly/core';

const mfa = new Mfa();

/** Starts TOTP enrolment: the secret and an otpauth:// URI for an authenticator app. */
export const handler = httpHandler(async (event) =>
  json(200, await mfa.setupTotp(bearerToken(event), principalOf(event).username)),
);

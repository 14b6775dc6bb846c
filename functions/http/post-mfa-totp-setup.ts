import { Mfa } from '@pynomaly/auth';
import { bearerToken, httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { z } from 'zod';

const mfa = new Mfa();
const body = z.object({
  app_name: z.string().min(1).max(64).optional(),
  issuer: z.string().min(1).max(64).optional(),
});

/** Starts TOTP enrolment: the secret and an otpauth:// URI for an authenticator app. */
export const handler = httpHandler(async (event) => {
  const { app_name: appName, issuer } = parseJsonBody(event, body);
  return json(200, await mfa.setupTotp(bearerToken(event), principalOf(event).username, { appName, issuer }));
});

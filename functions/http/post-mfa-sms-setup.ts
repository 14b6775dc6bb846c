import { SmsMfa } from '@pynomaly/auth';
import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { smsSetupBody } from './schemas/mfa';

const sms = new SmsMfa();

/** Texts a code to the phone the user wants as their second factor. */
export const handler = httpHandler(async (event) =>
  json(200, await sms.enrol(principalOf(event).userId, parseJsonBody(event, smsSetupBody).phone_number)),
);

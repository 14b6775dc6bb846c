import { SmsMfa } from '@pynomaly/auth';
import { answer, httpHandler, parseJsonBody, principalOf } from '@pynomaly/core';
import { smsSetupAnswer, smsSetupBody } from './schemas/mfa';

const sms = new SmsMfa();

/** Texts a code to the phone the user wants as their second factor. */
export const handler = httpHandler(async (event) =>
  answer(
    200,
    smsSetupAnswer,
    await sms.enrol(principalOf(event).userId, parseJsonBody(event, smsSetupBody).phone_number),
  ),
);

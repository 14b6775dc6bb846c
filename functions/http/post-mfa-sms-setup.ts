import { SmsMfa } from '@pynomaly/auth';
import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { z } from 'zod';

const sms = new SmsMfa();
const body = z.object({ phone_number: z.string().min(8).max(16) }).strict();

/** Texts a code to the phone the user wants as their second factor. */
export const handler = httpHandler(async (event) =>
  json(200, await sms.enrol(principalOf(event).userId, parseJsonBody(event, body).phone_number)),
);

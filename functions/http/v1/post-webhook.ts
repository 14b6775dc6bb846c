import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { registerWebhook } from '@pynomaly/webhooks';
import { newWebhookBody } from '../schemas/webhooks';
import { webhookDeps } from './webhook-deps';

const deps = webhookDeps();

export const handler = httpHandler(async (event) =>
  json(201, await registerWebhook(principalOf(event), parseJsonBody(event, newWebhookBody), deps)),
);

import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { pingWebhook } from '@pynomaly/webhooks';
import { webhookDeps } from './webhook-deps';

const deps = webhookDeps();

export const handler = httpHandler(async (event) =>
  json(200, await pingWebhook(principalOf(event), pathParam(event, 'id'), deps)),
);

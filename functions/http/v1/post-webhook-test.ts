import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { pingWebhook } from '@pynomaly/webhooks';
import { deliveryAnswer } from '../schemas/webhooks';
import { webhookDeps } from './webhook-deps';

const deps = webhookDeps();

export const handler = httpHandler(async (event) =>
  answer(200, deliveryAnswer, await pingWebhook(principalOf(event), pathParam(event, 'id'), deps)),
);

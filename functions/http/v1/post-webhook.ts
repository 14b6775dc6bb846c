import { answer, httpHandler, parseJsonBody, principalOf } from '@pynomaly/core';
import { registerWebhook } from '@pynomaly/webhooks';
import { newWebhookBody, webhookWithSecretAnswer } from '../schemas/webhooks';
import { webhookDeps } from './webhook-deps';

const deps = webhookDeps();

export const handler = httpHandler(async (event) =>
  answer(
    201,
    webhookWithSecretAnswer,
    await registerWebhook(principalOf(event), parseJsonBody(event, newWebhookBody), deps),
  ),
);

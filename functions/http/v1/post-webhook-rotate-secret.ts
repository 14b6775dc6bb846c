import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { rotateSecret } from '@pynomaly/webhooks';
import { webhookWithSecretAnswer } from '../schemas/webhooks';
import { webhookDeps } from './webhook-deps';

const deps = webhookDeps();

export const handler = httpHandler(async (event) =>
  answer(200, webhookWithSecretAnswer, await rotateSecret(principalOf(event), pathParam(event, 'id'), deps)),
);

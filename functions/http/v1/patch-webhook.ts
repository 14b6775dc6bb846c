import { answer, httpHandler, parseJsonBody, pathParam, principalOf } from '@pynomaly/core';
import { updateWebhook } from '@pynomaly/webhooks';
import { webhookAnswer, webhookChangesBody } from '../schemas/webhooks';
import { webhookDeps } from './webhook-deps';

const deps = webhookDeps();

export const handler = httpHandler(async (event) =>
  answer(
    200,
    webhookAnswer,
    await updateWebhook(
      principalOf(event),
      pathParam(event, 'id'),
      parseJsonBody(event, webhookChangesBody),
      deps,
    ),
  ),
);

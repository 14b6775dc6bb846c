import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { webhookDocument } from '@pynomaly/webhooks';
import { webhookAnswer } from '../schemas/webhooks';
import { webhookDeps } from './webhook-deps';

const deps = webhookDeps();

export const handler = httpHandler(async (event) =>
  answer(
    200,
    webhookAnswer,
    webhookDocument(await deps.webhooks.get(principalOf(event).tenantId, pathParam(event, 'id'))),
  ),
);

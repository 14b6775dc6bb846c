import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { webhookDocument } from '@pynomaly/webhooks';
import { webhookDeps } from './webhook-deps';

const deps = webhookDeps();

export const handler = httpHandler(async (event) =>
  json(200, webhookDocument(await deps.webhooks.get(principalOf(event).tenantId, pathParam(event, 'id')))),
);

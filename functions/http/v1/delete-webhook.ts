import { httpHandler, noContent, pathParam, principalOf } from '@pynomaly/core';
import { webhookDeps } from './webhook-deps';

const deps = webhookDeps();

export const handler = httpHandler(async (event) => {
  await deps.webhooks.delete(principalOf(event).tenantId, pathParam(event, 'id'));
  return noContent();
});

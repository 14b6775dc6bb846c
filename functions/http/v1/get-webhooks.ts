import { httpHandler, json, principalOf } from '@pynomaly/core';
import { webhookDocument } from '@pynomaly/webhooks';
import { webhookDeps } from './webhook-deps';

const deps = webhookDeps();

export const handler = httpHandler(async (event) => {
  const webhooks = await deps.webhooks.list(principalOf(event).tenantId);
  return json(200, { webhooks: webhooks.map(webhookDocument), total: webhooks.length });
});

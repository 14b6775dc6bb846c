import { answer, httpHandler, principalOf } from '@pynomaly/core';
import { webhookDocument } from '@pynomaly/webhooks';
import { webhookListAnswer } from '../schemas/webhooks';
import { webhookDeps } from './webhook-deps';

const deps = webhookDeps();

export const handler = httpHandler(async (event) => {
  const webhooks = await deps.webhooks.list(principalOf(event).tenantId);
  return answer(200, webhookListAnswer, { webhooks: webhooks.map(webhookDocument), total: webhooks.length });
});

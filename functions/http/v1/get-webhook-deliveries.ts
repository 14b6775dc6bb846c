import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { deliveryDocument } from '@pynomaly/webhooks';
import { deliveryListAnswer } from '../schemas/webhooks';
import { webhookDeps } from './webhook-deps';

const deps = webhookDeps();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const webhook = await deps.webhooks.get(tenantId, pathParam(event, 'id'));
  const deliveries = await deps.webhooks.deliveries(tenantId, webhook.id);
  return answer(200, deliveryListAnswer, {
    deliveries: deliveries.map(deliveryDocument),
    total: deliveries.length,
  });
});

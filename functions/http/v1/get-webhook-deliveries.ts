import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { deliveryDocument } from '@pynomaly/webhooks';
import { webhookDeps } from './webhook-deps';

const deps = webhookDeps();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const webhook = await deps.webhooks.get(tenantId, pathParam(event, 'id'));
  const deliveries = await deps.webhooks.deliveries(tenantId, webhook.id);
  return json(200, { deliveries: deliveries.map(deliveryDocument), total: deliveries.length });
});

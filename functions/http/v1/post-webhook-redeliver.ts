import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { redeliver } from '@pynomaly/webhooks';
import { webhookDeps } from './webhook-deps';

const deps = webhookDeps();

export const handler = httpHandler(async (event) =>
  json(
    200,
    await redeliver(principalOf(event), pathParam(event, 'id'), pathParam(event, 'delivery_id'), deps),
  ),
);

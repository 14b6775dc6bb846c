import { answer, httpHandler, parseJsonBody, pathParam, principalOf } from '@pynomaly/core';
import { redriveFailed } from '@pynomaly/webhooks';
import { redriveAnswer, redriveBody } from '../schemas/webhooks';
import { webhookDeps } from './webhook-deps';

const deps = webhookDeps();

export const handler = httpHandler(async (event) => {
  const { since } = parseJsonBody(event, redriveBody);
  const from = since === undefined ? undefined : new Date(since).toISOString();
  return answer(
    202,
    redriveAnswer,
    await redriveFailed(principalOf(event), pathParam(event, 'id'), from, deps),
  );
});

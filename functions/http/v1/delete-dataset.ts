import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { deleteTabularDataset } from '@pynomaly/platform';
import { platformDeps } from './deps';

const deps = platformDeps();

export const handler = httpHandler(async (event) => {
  await deleteTabularDataset(principalOf(event).tenantId, pathParam(event, 'id'), deps);
  return json(200, { message: 'Dataset deleted successfully' });
});

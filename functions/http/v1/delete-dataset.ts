import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { deleteTabularDataset } from '@pynomaly/platform';
import { datasetDeletedAnswer } from '../schemas/datasets';
import { platformDeps } from './deps';

const deps = platformDeps();

export const handler = httpHandler(async (event) => {
  await deleteTabularDataset(principalOf(event).tenantId, pathParam(event, 'id'), deps);
  return answer(200, datasetDeletedAnswer, { message: 'Dataset deleted successfully' });
});

import { answer, httpHandler, parseJsonBody, pathParam, principalOf } from '@pynomaly/core';
import { datasetDocument } from '@pynomaly/platform';
import { datasetAnswer, datasetChangesBody } from '../schemas/datasets';
import { platformDeps } from './deps';

const deps = platformDeps();

export const handler = httpHandler(async (event) => {
  const changes = parseJsonBody(event, datasetChangesBody);
  const record = await deps.datasets.update(principalOf(event).tenantId, pathParam(event, 'id'), {
    ...changes,
    updated_at: new Date().toISOString(),
  });
  return answer(200, datasetAnswer, datasetDocument(record));
});

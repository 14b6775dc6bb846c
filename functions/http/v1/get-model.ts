import { httpHandler, json, NotFoundError, pathParam, principalOf } from '@pynomaly/core';
import { detectorDocument } from '@pynomaly/platform';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) => {
  const record = await deps.detectors.get(principalOf(event).tenantId, pathParam(event, 'id'));
  if (record.status !== 'trained') throw new NotFoundError('Model not found');
  return json(200, detectorDocument(record));
});

import { answer, httpHandler, NotFoundError, pathParam, principalOf } from '@pynomaly/core';
import { detectorDocument } from '@pynomaly/platform';
import { detectorAnswer } from '../schemas/detectors';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) => {
  const record = await deps.detectors.get(principalOf(event).tenantId, pathParam(event, 'id'));
  if (record.status !== 'trained') throw new NotFoundError('Model not found');
  return answer(200, detectorAnswer, detectorDocument(record));
});

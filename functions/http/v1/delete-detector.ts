import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { detectorDeletedAnswer } from '../schemas/detectors';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const record = await deps.detectors.get(tenantId, pathParam(event, 'id'));
  if (record.model_key) await deps.blobs.deleteKeys([record.model_key]);
  await deps.detectors.remove(tenantId, record.id);
  return answer(200, detectorDeletedAnswer, { message: 'Detector deleted successfully' });
});

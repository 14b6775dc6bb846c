import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const record = await deps.detectors.get(tenantId, pathParam(event, 'id'));
  if (record.model_key) await deps.blobs.deleteKeys([record.model_key]);
  await deps.detectors.remove(tenantId, record.id);
  return json(200, { message: 'Detector deleted successfully' });
});

import { answer, httpHandler, parseJsonBody, pathParam, principalOf } from '@pynomaly/core';
import { createDetector } from '@pynomaly/detection';
import { algorithmName, detectorDocument, detectorParameters } from '@pynomaly/platform';
import { detectorAnswer, detectorChangesBody } from '../schemas/detectors';
import { modelDeps } from './deps';

const deps = modelDeps();

/** Renames or redescribes a detector; new parameters make it untrained again. */
export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const current = await deps.detectors.get(tenantId, pathParam(event, 'id'));
  const changes = parseJsonBody(event, detectorChangesBody);
  if (changes.parameters)
    createDetector(algorithmName(current.algorithm), detectorParameters(changes.parameters));
  const retrain = changes.parameters
    ? { status: 'created' as const, model_key: null, metrics: null, threshold: null, trained_at: null }
    : {};
  const updated = { ...current, ...changes, ...retrain, updated_at: new Date().toISOString() };
  await deps.detectors.put(updated);
  return answer(200, detectorAnswer, detectorDocument(updated));
});

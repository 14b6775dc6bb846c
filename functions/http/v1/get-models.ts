import { answer, httpHandler, principalOf } from '@pynomaly/core';
import { detectorDocument } from '@pynomaly/platform';
import { modelListAnswer } from '../schemas/detectors';
import { modelDeps } from './deps';

const deps = modelDeps();

/** Trained detectors are the models. */
export const handler = httpHandler(async (event) => {
  const trained = (await deps.detectors.list(principalOf(event).tenantId)).filter(
    (d) => d.status === 'trained',
  );
  return answer(200, modelListAnswer, { models: trained.map(detectorDocument) });
});

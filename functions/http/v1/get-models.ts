import { httpHandler, json, principalOf } from '@pynomaly/core';
import { detectorDocument } from '@pynomaly/platform';
import { modelDeps } from './deps';

const deps = modelDeps();

/** Trained detectors are the models. */
export const handler = httpHandler(async (event) => {
  const trained = (await deps.detectors.list(principalOf(event).tenantId)).filter(
    (d) => d.status === 'trained',
  );
  return json(200, { models: trained.map(detectorDocument) });
});

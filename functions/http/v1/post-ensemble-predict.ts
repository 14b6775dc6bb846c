import { httpHandler, json, parseJsonBody, pathParam, principalOf } from '@pynomaly/core';
import { predictWithEnsemble } from '@pynomaly/platform';
import { predictBody } from '../schemas/detectors';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const ensemble = await deps.ensembles.get(principal.tenantId, pathParam(event, 'id'));
  return json(200, await predictWithEnsemble(principal, ensemble, parseJsonBody(event, predictBody), deps));
});

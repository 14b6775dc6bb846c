import { httpHandler, json, parseJsonBody, pathParam, principalOf } from '@pynomaly/core';
import { predictWithEnsemble } from '@pynomaly/platform';
import { modelDeps } from './deps';
import { predictInput } from './detector-bodies';

const deps = modelDeps();

export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const ensemble = await deps.ensembles.get(principal.tenantId, pathParam(event, 'id'));
  return json(200, await predictWithEnsemble(principal, ensemble, parseJsonBody(event, predictInput), deps));
});

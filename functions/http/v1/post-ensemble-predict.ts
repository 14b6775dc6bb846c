import { answer, httpHandler, parseJsonBody, pathParam, principalOf } from '@pynomaly/core';
import { predictWithEnsemble } from '@pynomaly/platform';
import { ensemblePredictionAnswer, predictBody } from '../schemas/detectors';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const ensemble = await deps.ensembles.get(principal.tenantId, pathParam(event, 'id'));
  return answer(
    200,
    ensemblePredictionAnswer,
    await predictWithEnsemble(principal, ensemble, parseJsonBody(event, predictBody), deps),
  );
});

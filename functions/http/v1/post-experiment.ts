import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { createStudy, studyDocument } from '@pynomaly/platform';
import { studyDeps } from './deps';
import { newExperiment } from './study-bodies';

const deps = studyDeps();

export const handler = httpHandler(async (event) => {
  const request = parseJsonBody(event, newExperiment);
  const candidates =
    request.detectors ?? (request.algorithms ?? []).map((algorithm) => ({ algorithm, parameters: {} }));
  return json(
    201,
    studyDocument(await createStudy(principalOf(event), 'experiment', { ...request, candidates }, deps)),
  );
});

import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { createStudy, studyDocument } from '@pynomaly/platform';
import { newExperimentBody } from '../schemas/studies';
import { studyDeps } from './deps';

const deps = studyDeps();

export const handler = httpHandler(async (event) => {
  const request = parseJsonBody(event, newExperimentBody);
  const candidates =
    request.detectors ?? (request.algorithms ?? []).map((algorithm) => ({ algorithm, parameters: {} }));
  return json(
    201,
    studyDocument(await createStudy(principalOf(event), 'experiment', { ...request, candidates }, deps)),
  );
});

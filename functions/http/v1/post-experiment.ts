import { answer, httpHandler, parseJsonBody, principalOf } from '@pynomaly/core';
import { createStudy } from '@pynomaly/platform';
import { experimentAnswer, newExperimentBody } from '../schemas/studies';
import { studyDeps } from './deps';
import { experimentDocument } from './study-documents';

const deps = studyDeps();

export const handler = httpHandler(async (event) => {
  const request = parseJsonBody(event, newExperimentBody);
  const candidates =
    request.detectors ?? (request.algorithms ?? []).map((algorithm) => ({ algorithm, parameters: {} }));
  return answer(
    201,
    experimentAnswer,
    experimentDocument(await createStudy(principalOf(event), 'experiment', { ...request, candidates }, deps)),
  );
});

import { answer, httpHandler, parseJsonBody, principalOf } from '@pynomaly/core';
import { createStudy, DEFAULT_SEARCH } from '@pynomaly/platform';
import { newPipelineBody, pipelineAnswer } from '../schemas/studies';
import { studyDeps } from './deps';
import { pipelineDocument } from './study-documents';

const deps = studyDeps();

/** An AutoML pipeline over the default search space, or over the named algorithms' variants in it. */
export const handler = httpHandler(async (event) => {
  const request = parseJsonBody(event, newPipelineBody);
  const wanted = request.algorithms?.map((a) => a.toLowerCase().replaceAll('-', '_'));
  const candidates = wanted
    ? [
        ...DEFAULT_SEARCH.filter((c) => wanted.includes(c.algorithm)),
        ...wanted
          .filter((a) => !DEFAULT_SEARCH.some((c) => c.algorithm === a))
          .map((algorithm) => ({ algorithm, parameters: {} })),
      ]
    : undefined;
  return answer(
    201,
    pipelineAnswer,
    pipelineDocument(await createStudy(principalOf(event), 'automl', { ...request, candidates }, deps)),
  );
});

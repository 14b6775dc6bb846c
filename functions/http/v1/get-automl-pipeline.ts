import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { pipelineAnswer } from '../schemas/studies';
import { studyDeps } from './deps';
import { pipelineDocument } from './study-documents';

const deps = studyDeps();

export const handler = httpHandler(async (event) =>
  answer(
    200,
    pipelineAnswer,
    pipelineDocument(await deps.studies.get(principalOf(event).tenantId, pathParam(event, 'id'), 'automl')),
  ),
);

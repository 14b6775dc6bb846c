import { answer, httpHandler, principalOf } from '@pynomaly/core';
import { pipelineListAnswer } from '../schemas/studies';
import { studyDeps } from './deps';
import { pipelineDocument } from './study-documents';

const deps = studyDeps();

export const handler = httpHandler(async (event) =>
  answer(200, pipelineListAnswer, {
    pipelines: (await deps.studies.list(principalOf(event).tenantId, 'automl')).map(pipelineDocument),
  }),
);

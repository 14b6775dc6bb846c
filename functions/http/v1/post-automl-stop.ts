import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { stopStudy } from '@pynomaly/platform';
import { pipelineAnswer } from '../schemas/studies';
import { studyDeps } from './deps';
import { pipelineDocument } from './study-documents';

const deps = studyDeps();

export const handler = httpHandler(async (event) =>
  answer(
    200,
    pipelineAnswer,
    pipelineDocument(await stopStudy(principalOf(event), pathParam(event, 'id'), deps)),
  ),
);

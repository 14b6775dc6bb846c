import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { experimentAnswer } from '../schemas/studies';
import { studyDeps } from './deps';
import { experimentDocument } from './study-documents';

const deps = studyDeps();

export const handler = httpHandler(async (event) =>
  answer(
    200,
    experimentAnswer,
    experimentDocument(
      await deps.studies.get(principalOf(event).tenantId, pathParam(event, 'id'), 'experiment'),
    ),
  ),
);

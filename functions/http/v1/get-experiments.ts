import { answer, httpHandler, principalOf } from '@pynomaly/core';
import { experimentListAnswer } from '../schemas/studies';
import { studyDeps } from './deps';
import { experimentDocument } from './study-documents';

const deps = studyDeps();

export const handler = httpHandler(async (event) =>
  answer(200, experimentListAnswer, {
    experiments: (await deps.studies.list(principalOf(event).tenantId, 'experiment')).map(experimentDocument),
  }),
);

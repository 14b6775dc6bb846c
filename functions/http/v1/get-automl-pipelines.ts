import { httpHandler, json, principalOf } from '@pynomaly/core';
import { studyDocument } from '@pynomaly/platform';
import { studyDeps } from './deps';

const deps = studyDeps();

export const handler = httpHandler(async (event) =>
  json(200, {
    pipelines: (await deps.studies.list(principalOf(event).tenantId, 'automl')).map(studyDocument),
  }),
);

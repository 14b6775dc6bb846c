import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { studyDocument } from '@pynomaly/platform';
import { studyDeps } from './deps';

const deps = studyDeps();

export const handler = httpHandler(async (event) =>
  json(
    200,
    studyDocument(await deps.studies.get(principalOf(event).tenantId, pathParam(event, 'id'), 'automl')),
  ),
);

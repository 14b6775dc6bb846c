import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { runStudy, studyDocument } from '@pynomaly/platform';
import { studyDeps } from './deps';

const deps = studyDeps();

export const handler = httpHandler(async (event) =>
  json(200, studyDocument(await runStudy(principalOf(event), pathParam(event, 'id'), 'automl', deps))),
);

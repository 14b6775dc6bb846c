import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { stopStudy, studyDocument } from '@pynomaly/platform';
import { studyDeps } from './deps';

const deps = studyDeps();

export const handler = httpHandler(async (event) =>
  json(200, studyDocument(await stopStudy(principalOf(event), pathParam(event, 'id'), deps))),
);

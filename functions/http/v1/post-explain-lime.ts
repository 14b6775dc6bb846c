import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { explainWithLime } from '@pynomaly/platform';
import { modelDeps } from './deps';
import { explainBody } from './explain-body';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  json(200, await explainWithLime(principalOf(event), parseJsonBody(event, explainBody), deps)),
);

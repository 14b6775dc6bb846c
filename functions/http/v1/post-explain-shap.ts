import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { explainWithShap } from '@pynomaly/platform';
import { modelDeps } from './deps';
import { explainBody } from './explain-body';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  json(200, await explainWithShap(principalOf(event), parseJsonBody(event, explainBody), deps)),
);

import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { explainWithShap } from '@pynomaly/platform';
import { explainBody } from '../schemas/explain';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  json(200, await explainWithShap(principalOf(event), parseJsonBody(event, explainBody), deps)),
);

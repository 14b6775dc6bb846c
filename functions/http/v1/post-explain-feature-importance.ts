import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { explainFeatureImportance } from '@pynomaly/platform';
import { explainBody } from '../schemas/explain';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  json(200, await explainFeatureImportance(principalOf(event), parseJsonBody(event, explainBody), deps)),
);

import { answer, httpHandler, parseJsonBody, principalOf } from '@pynomaly/core';
import { explainFeatureImportance } from '@pynomaly/platform';
import { explainBody, featureImportanceAnswer } from '../schemas/explain';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  answer(
    200,
    featureImportanceAnswer,
    await explainFeatureImportance(principalOf(event), parseJsonBody(event, explainBody), deps),
  ),
);

import { answer, httpHandler, parseJsonBody, principalOf } from '@pynomaly/core';
import { explainWithShap } from '@pynomaly/platform';
import { explainBody, shapAnswer } from '../schemas/explain';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  answer(200, shapAnswer, {
    ...(await explainWithShap(principalOf(event), parseJsonBody(event, explainBody), deps)),
    // The platform's result types `method` as a string; this route's is always 'shap'.
    method: 'shap',
  }),
);

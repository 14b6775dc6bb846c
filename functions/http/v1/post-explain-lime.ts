import { answer, httpHandler, parseJsonBody, principalOf } from '@pynomaly/core';
import { explainWithLime } from '@pynomaly/platform';
import { explainBody, limeAnswer } from '../schemas/explain';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  answer(200, limeAnswer, {
    ...(await explainWithLime(principalOf(event), parseJsonBody(event, explainBody), deps)),
    // The platform's result types `method` as a string; this route's is always 'lime'.
    method: 'lime',
  }),
);

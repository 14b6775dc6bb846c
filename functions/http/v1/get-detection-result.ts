import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { detectionResult } from '@pynomaly/platform';
import { detectionAnswer } from '../schemas/detection';
import { platformDeps } from './deps';

const deps = platformDeps();

export const handler = httpHandler(async (event) =>
  answer(
    200,
    detectionAnswer,
    await detectionResult(principalOf(event).tenantId, pathParam(event, 'id'), deps),
  ),
);

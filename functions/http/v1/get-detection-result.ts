import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { detectionResult } from '@pynomaly/platform';
import { platformDeps } from './deps';

const deps = platformDeps();

export const handler = httpHandler(async (event) =>
  json(200, await detectionResult(principalOf(event).tenantId, pathParam(event, 'id'), deps)),
);

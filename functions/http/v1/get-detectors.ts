import { httpHandler, json, principalOf } from '@pynomaly/core';
import { detectorDocument } from '@pynomaly/platform';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  json(200, { detectors: (await deps.detectors.list(principalOf(event).tenantId)).map(detectorDocument) }),
);

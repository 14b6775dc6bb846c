import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { detectorDocument } from '@pynomaly/platform';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  json(200, detectorDocument(await deps.detectors.get(principalOf(event).tenantId, pathParam(event, 'id')))),
);

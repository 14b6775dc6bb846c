import { httpHandler, json, parseJsonBody, pathParam, principalOf } from '@pynomaly/core';
import { detectorDocument, trainDetector } from '@pynomaly/platform';
import { trainBody } from '../schemas/detectors';
import { announcing, modelDeps } from './deps';

const deps = { ...modelDeps(), ...announcing() };

export const handler = httpHandler(async (event) =>
  json(
    200,
    detectorDocument(
      await trainDetector(principalOf(event), pathParam(event, 'id'), parseJsonBody(event, trainBody), deps),
    ),
  ),
);

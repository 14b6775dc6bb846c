import { httpHandler, json, parseJsonBody, pathParam, principalOf } from '@pynomaly/core';
import { detectorDocument, trainDetector } from '@pynomaly/platform';
import { modelDeps } from './deps';
import { trainRequest } from './detector-bodies';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  json(
    200,
    detectorDocument(
      await trainDetector(
        principalOf(event),
        pathParam(event, 'id'),
        parseJsonBody(event, trainRequest),
        deps,
      ),
    ),
  ),
);

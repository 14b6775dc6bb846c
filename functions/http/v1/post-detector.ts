import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { createDetectorRecord, detectorDocument } from '@pynomaly/platform';
import { modelDeps } from './deps';
import { newDetector } from './detector-bodies';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  json(
    201,
    detectorDocument(await createDetectorRecord(principalOf(event), parseJsonBody(event, newDetector), deps)),
  ),
);

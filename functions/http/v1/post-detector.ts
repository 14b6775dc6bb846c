import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { createDetectorRecord, detectorDocument } from '@pynomaly/platform';
import { newDetectorBody } from '../schemas/detectors';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  json(
    201,
    detectorDocument(
      await createDetectorRecord(principalOf(event), parseJsonBody(event, newDetectorBody), deps),
    ),
  ),
);

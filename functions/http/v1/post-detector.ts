import { answer, httpHandler, parseJsonBody, principalOf } from '@pynomaly/core';
import { createDetectorRecord, detectorDocument } from '@pynomaly/platform';
import { detectorAnswer, newDetectorBody } from '../schemas/detectors';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  answer(
    201,
    detectorAnswer,
    detectorDocument(
      await createDetectorRecord(principalOf(event), parseJsonBody(event, newDetectorBody), deps),
    ),
  ),
);

import { answer, httpHandler, parseJsonBody, pathParam, principalOf } from '@pynomaly/core';
import { detectorDocument, trainDetector } from '@pynomaly/platform';
import { detectorAnswer, trainBody } from '../schemas/detectors';
import { announcing, modelDeps } from './deps';

const deps = { ...modelDeps(), ...announcing() };

export const handler = httpHandler(async (event) =>
  answer(
    200,
    detectorAnswer,
    detectorDocument(
      await trainDetector(principalOf(event), pathParam(event, 'id'), parseJsonBody(event, trainBody), deps),
    ),
  ),
);

import { answer, httpHandler, principalOf } from '@pynomaly/core';
import { detectorDocument } from '@pynomaly/platform';
import { detectorListAnswer } from '../schemas/detectors';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  answer(200, detectorListAnswer, {
    detectors: (await deps.detectors.list(principalOf(event).tenantId)).map(detectorDocument),
  }),
);

import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { detectorDocument } from '@pynomaly/platform';
import { detectorAnswer } from '../schemas/detectors';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  answer(
    200,
    detectorAnswer,
    detectorDocument(await deps.detectors.get(principalOf(event).tenantId, pathParam(event, 'id'))),
  ),
);

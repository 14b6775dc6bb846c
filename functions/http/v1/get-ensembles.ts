import { answer, httpHandler, principalOf } from '@pynomaly/core';
import { ensembleDocument } from '@pynomaly/platform';
import { ensembleListAnswer } from '../schemas/detectors';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  answer(200, ensembleListAnswer, {
    ensembles: (await deps.ensembles.list(principalOf(event).tenantId)).map(ensembleDocument),
  }),
);

import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { ensembleDocument } from '@pynomaly/platform';
import { ensembleAnswer } from '../schemas/detectors';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  answer(
    200,
    ensembleAnswer,
    ensembleDocument(await deps.ensembles.get(principalOf(event).tenantId, pathParam(event, 'id'))),
  ),
);

import { answer, httpHandler, parseJsonBody, principalOf } from '@pynomaly/core';
import { createEnsemble, ensembleDocument } from '@pynomaly/platform';
import { ensembleAnswer, newEnsembleBody } from '../schemas/detectors';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  answer(
    201,
    ensembleAnswer,
    ensembleDocument(await createEnsemble(principalOf(event), parseJsonBody(event, newEnsembleBody), deps)),
  ),
);

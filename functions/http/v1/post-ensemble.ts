import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { createEnsemble, ensembleDocument } from '@pynomaly/platform';
import { newEnsembleBody } from '../schemas/detectors';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  json(
    201,
    ensembleDocument(await createEnsemble(principalOf(event), parseJsonBody(event, newEnsembleBody), deps)),
  ),
);

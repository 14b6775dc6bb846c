import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { createEnsemble, ensembleDocument } from '@pynomaly/platform';
import { modelDeps } from './deps';
import { newEnsemble } from './ensemble-bodies';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  json(
    201,
    ensembleDocument(await createEnsemble(principalOf(event), parseJsonBody(event, newEnsemble), deps)),
  ),
);

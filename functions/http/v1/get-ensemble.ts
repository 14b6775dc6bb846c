import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { ensembleDocument } from '@pynomaly/platform';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  json(200, ensembleDocument(await deps.ensembles.get(principalOf(event).tenantId, pathParam(event, 'id')))),
);

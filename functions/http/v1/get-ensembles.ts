import { httpHandler, json, principalOf } from '@pynomaly/core';
import { ensembleDocument } from '@pynomaly/platform';
import { modelDeps } from './deps';

const deps = modelDeps();

export const handler = httpHandler(async (event) =>
  json(200, { ensembles: (await deps.ensembles.list(principalOf(event).tenantId)).map(ensembleDocument) }),
);

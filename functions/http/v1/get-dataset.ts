import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { datasetDocument } from '@pynomaly/platform';
import { platformDeps } from './deps';

const deps = platformDeps();

export const handler = httpHandler(async (event) =>
  json(200, datasetDocument(await deps.datasets.get(principalOf(event).tenantId, pathParam(event, 'id')))),
);

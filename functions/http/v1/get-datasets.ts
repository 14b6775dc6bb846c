import { httpHandler, json, parseQuery, principalOf } from '@pynomaly/core';
import { listTabularDatasets } from '@pynomaly/platform';
import { datasetsQuery } from '../schemas/datasets';
import { platformDeps } from './deps';

const deps = platformDeps();

export const handler = httpHandler(async (event) =>
  json(200, await listTabularDatasets(principalOf(event).tenantId, parseQuery(event, datasetsQuery), deps)),
);

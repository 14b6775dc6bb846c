import { answer, httpHandler, parseQuery, principalOf } from '@pynomaly/core';
import { listTabularDatasets } from '@pynomaly/platform';
import { datasetListAnswer, datasetsQuery } from '../schemas/datasets';
import { platformDeps } from './deps';

const deps = platformDeps();

export const handler = httpHandler(async (event) =>
  answer(
    200,
    datasetListAnswer,
    await listTabularDatasets(principalOf(event).tenantId, parseQuery(event, datasetsQuery), deps),
  ),
);

import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { datasetDocument } from '@pynomaly/platform';
import { datasetAnswer } from '../schemas/datasets';
import { platformDeps } from './deps';

const deps = platformDeps();

export const handler = httpHandler(async (event) =>
  answer(
    200,
    datasetAnswer,
    datasetDocument(await deps.datasets.get(principalOf(event).tenantId, pathParam(event, 'id'))),
  ),
);

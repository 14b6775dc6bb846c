import { datasetSummary } from '@pynomaly/analysis';
import { httpHandler, json, parseQuery, principalOf } from '@pynomaly/core';
import { DatasetRepository } from '@pynomaly/store';
import { datasetsQuery } from './schemas/triage';

const datasets = new DatasetRepository();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const { status, limit } = parseQuery(event, datasetsQuery);
  return json(200, (await datasets.list(tenantId, { status, limit })).map(datasetSummary));
});

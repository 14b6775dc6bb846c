import { datasetDocument } from '@pynomaly/analysis';
import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { DatasetRepository } from '@pynomaly/store';

const datasets = new DatasetRepository();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  return json(200, datasetDocument(await datasets.get(tenantId, pathParam(event, 'id'))));
});

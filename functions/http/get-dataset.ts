import { datasetDocument, datasetOrUpload } from '@pynomaly/analysis';
import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { BlobStore, DatasetRepository } from '@pynomaly/store';

const deps = { datasets: new DatasetRepository(), blobs: new BlobStore() };

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const { dataset } = await datasetOrUpload(tenantId, pathParam(event, 'id'), deps);
  return json(200, datasetDocument(dataset));
});

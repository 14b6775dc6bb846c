import { datasetDocument, datasetOrUpload } from '@pynomaly/analysis';
import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { BlobStore, DatasetRepository } from '@pynomaly/store';
import { workbookAnswer } from './schemas/triage-answers';

const deps = { datasets: new DatasetRepository(), blobs: new BlobStore() };

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const { dataset } = await datasetOrUpload(tenantId, pathParam(event, 'id'), deps);
  return answer(200, workbookAnswer, datasetDocument(dataset));
});

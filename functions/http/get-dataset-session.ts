import { datasetOrUpload, sessionDocument } from '@pynomaly/analysis';
import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { BlobStore, DatasetRepository, SessionRepository } from '@pynomaly/store';

const deps = { datasets: new DatasetRepository(), blobs: new BlobStore() };
const sessions = new SessionRepository();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const { dataset, receiving } = await datasetOrUpload(tenantId, pathParam(event, 'id'), deps);
  return json(200, sessionDocument(receiving ?? (await sessions.get(tenantId, dataset.session_id))));
});

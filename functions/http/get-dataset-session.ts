import { datasetOrUpload, sessionDocument } from '@pynomaly/analysis';
import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { BlobStore, DatasetRepository, SessionRepository } from '@pynomaly/store';
import { sessionAnswer } from './schemas/triage-answers';

const deps = { datasets: new DatasetRepository(), blobs: new BlobStore() };
const sessions = new SessionRepository();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const { dataset, receiving } = await datasetOrUpload(tenantId, pathParam(event, 'id'), deps);
  return answer(
    200,
    sessionAnswer,
    sessionDocument(receiving ?? (await sessions.get(tenantId, dataset.session_id))),
  );
});

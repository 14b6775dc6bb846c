import { deleteDataset } from '@pynomaly/analysis';
import { httpHandler, noContent, pathParam, principalOf } from '@pynomaly/core';
import {
  AnomalyRepository,
  BlobStore,
  DatasetRepository,
  ReportRepository,
  SessionRepository,
} from '@pynomaly/store';

const deps = {
  datasets: new DatasetRepository(),
  sessions: new SessionRepository(),
  anomalies: new AnomalyRepository(),
  reports: new ReportRepository(),
  blobs: new BlobStore(),
};

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  await deleteDataset(tenantId, pathParam(event, 'id'), deps);
  return noContent();
});

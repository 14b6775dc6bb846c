import {
  type AnomalyRepository,
  type BlobStore,
  blobKeys,
  type DatasetRepository,
  type ReportRepository,
  type SessionRepository,
} from '@pynomaly/store';

/**
 * Deletes a dataset and everything made from it: reports, anomalies, session, the parsed
 * sheets and the workbook. The dataset record goes last, so a delete that fails half-way
 * can be repeated and finishes the job.
 */
export async function deleteDataset(
  tenantId: string,
  datasetId: string,
  deps: {
    datasets: DatasetRepository;
    sessions: SessionRepository;
    anomalies: AnomalyRepository;
    reports: ReportRepository;
    blobs: BlobStore;
  },
): Promise<void> {
  const dataset = await deps.datasets.get(tenantId, datasetId);
  await deps.reports.removeByDataset(tenantId, datasetId);
  await deps.anomalies.removeByDataset(tenantId, datasetId);
  await deps.sessions.remove(tenantId, dataset.session_id);
  await deps.blobs.deletePrefix(blobKeys.parsedPrefix(tenantId, datasetId));
  await deps.blobs.deleteKeys([dataset.s3_key]);
  await deps.datasets.remove(tenantId, datasetId);
}

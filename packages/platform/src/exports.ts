import { newId, type Principal, ValidationError } from '@pynomaly/core';
import type { ExportTable } from '@pynomaly/reports';
import { type BlobStore, blobKeys } from '@pynomaly/store';
import type { DetectedAnomaly, DetectionDeps } from './detection';
import { loadRows } from './tabular-datasets';

/**
 * What an export holds: a detection's anomalies (index, score, then the row's features) or a
 * dataset's rows, always the caller's own.
 */
export async function exportSource(
  principal: Principal,
  request: { detection_id?: string; dataset_id?: string },
  deps: DetectionDeps,
): Promise<ExportTable> {
  if (request.detection_id) {
    const record = await deps.detections.get(principal.tenantId, request.detection_id);
    const { anomalies } = JSON.parse(await deps.blobs.getText(record.results_key)) as {
      anomalies: DetectedAnomaly[];
    };
    const features = [...new Set(anomalies.flatMap((a) => Object.keys(a.features)))];
    return {
      name: record.id,
      columns: ['index', 'score', ...features],
      rows: anomalies.map((a) => [a.index, a.score, ...features.map((f) => a.features[f] ?? null)]),
    };
  }
  if (request.dataset_id) {
    const dataset = await deps.datasets.get(principal.tenantId, request.dataset_id);
    return { name: dataset.name, columns: dataset.feature_names, rows: await loadRows(dataset, deps.blobs) };
  }
  throw new ValidationError('Name what to export: detection_id or dataset_id', [
    { field: 'detection_id', message: 'detection_id or dataset_id is required' },
  ]);
}

/**
 * A file Lambda could not return (over 6 MB once base64 encoded, with room for headers):
 * beyond this it is stored and fetched from S3 with a signed URL instead.
 */
export const INLINE_DOWNLOAD_BYTES = 4 * 1024 * 1024;
const DOWNLOAD_URL_SECONDS = 15 * 60;

/** A large file stored for download and its signed URL; undefined when it can be answered inline. */
export async function stagedDownload(
  principal: Principal,
  file: { body: Buffer; contentType: string; contentDisposition: string },
  blobs: BlobStore,
): Promise<{ url: string; expiresIn: number } | undefined> {
  if (file.body.length <= INLINE_DOWNLOAD_BYTES) return undefined;
  const key = blobKeys.download(principal.tenantId, newId());
  await blobs.put(key, file.body, { contentType: file.contentType });
  const url = await blobs.presignGet(key, DOWNLOAD_URL_SECONDS, file);
  return { url, expiresIn: DOWNLOAD_URL_SECONDS };
}

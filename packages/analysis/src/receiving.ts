import { FORM_UPLOAD_METADATA, formUploadKey, NotFoundError } from '@pynomaly/core';
import type { BlobStore, DatasetRecord, DatasetRepository, SessionRecord } from '@pynomaly/store';
import { datasetRecords } from './register';

/**
 * A dataset as its reader sees it: recorded, or, in the moments between API Gateway storing an
 * upload form and the receiver reading it, the dataset as far as the form tells (status
 * `uploaded`, its session `pending`), so the id an upload answered never reads as unknown.
 */
export async function datasetOrUpload(
  tenantId: string,
  id: string,
  deps: { datasets: DatasetRepository; blobs: BlobStore },
): Promise<{ dataset: DatasetRecord; receiving?: SessionRecord }> {
  const dataset = await deps.datasets.find(tenantId, id);
  if (dataset) return { dataset };
  if (id.includes('/')) throw new NotFoundError('Dataset not found');
  const key = formUploadKey(tenantId, id);
  // The form is gone once received, so look again: the receiver may have just recorded it.
  const head = await deps.blobs.head(key).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  if (!head) return { dataset: await deps.datasets.get(tenantId, id) };
  const records = datasetRecords({
    tenantId,
    userId: head.metadata[FORM_UPLOAD_METADATA.userId] ?? tenantId,
    datasetId: id,
    key,
    size: head.size,
    originalFilename: '',
    contentType: head.contentType ?? 'multipart/form-data',
    uploadedAt: (head.lastModified ?? new Date()).toISOString(),
  });
  return {
    dataset: { ...records.dataset, filename: '', original_filename: '' },
    receiving: { ...records.session, current_step: 'Receiving the upload' },
  };
}

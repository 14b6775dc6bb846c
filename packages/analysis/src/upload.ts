import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DROP_PREFIX,
  env,
  newId,
  PayloadTooLargeError,
  type Principal,
  type UploadedFile,
  type UploadQuota,
} from '@pynomaly/core';
import { assertXlsxFilename, inspectXlsx, readWorkbook, WorkbookEmptyError } from '@pynomaly/ingest';
import type { BlobStore, DatasetRecord, DatasetRepository } from '@pynomaly/store';
import { registerDataset, XLSX_CONTENT_TYPE } from './register';

/** Object metadata keys the upload route sets and the object-created consumer reads. */
export const objectMetadata = {
  datasetId: 'dataset-id',
  userId: 'user-id',
  originalFilename: 'original-filename',
} as const;

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);

/** A name safe in an S3 key and a Content-Disposition header. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'upload.xlsx';
  return (
    base
      .normalize('NFKC')
      .replace(/[^\w.-]+/g, '_')
      .replace(/^[._]+/, '')
      .slice(-120) || 'upload.xlsx'
  );
}

class FoundDataRow extends Error {}

/** True once any sheet has a row under its header; reads no further than that row. */
async function hasDataRows(path: string): Promise<boolean> {
  try {
    await readWorkbook(path, {
      onSheet: () => undefined,
      onRow: () => {
        throw new FoundDataRow();
      },
    });
  } catch (error) {
    if (error instanceof FoundDataRow) return true;
    if (error instanceof WorkbookEmptyError) return false;
    throw error;
  }
  return false;
}

/**
 * Checks an uploaded workbook before anything is stored (extension, size, that it is a sound
 * .xlsx with data), then drops it in the tenant's folder, which starts its analysis, and
 * records the dataset. Bad input changes nothing.
 */
export async function acceptUpload(
  principal: Principal,
  file: UploadedFile,
  deps: { datasets: DatasetRepository; blobs: BlobStore; quota: UploadQuota; now?: Date },
): Promise<DatasetRecord> {
  assertXlsxFilename(file.filename);
  const maxBytes = env().MAX_UPLOAD_BYTES;
  if (file.body.length > maxBytes)
    throw new PayloadTooLargeError(`File exceeds the upload limit of ${maxBytes} bytes`);
  const dir = await mkdtemp(join(tmpdir(), 'upload-'));
  try {
    const path = join(dir, 'upload.xlsx');
    await writeFile(path, file.body);
    await inspectXlsx(path);
    if (!(await hasDataRows(path))) throw new WorkbookEmptyError();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const now = deps.now ?? new Date();
  const datasetId = newId();
  await deps.quota.charge(principal.tenantId, datasetId, now.getTime());
  const filename = `${safeFilename(principal.username)}_${stamp(now)}_${safeFilename(file.filename)}`;
  const key = `${DROP_PREFIX}${principal.tenantId}/${filename}`;
  // Recorded before the object exists, so the answer is the dataset as uploaded even when
  // the analysis the object starts is already under way; a failed write takes it back.
  const dataset = await registerDataset(
    {
      tenantId: principal.tenantId,
      userId: principal.userId,
      datasetId,
      key,
      size: file.body.length,
      originalFilename: file.filename,
      contentType: XLSX_CONTENT_TYPE,
      uploadedAt: now.toISOString(),
    },
    deps.datasets,
  );
  try {
    await deps.blobs.put(key, file.body, {
      contentType: XLSX_CONTENT_TYPE,
      metadata: {
        [objectMetadata.datasetId]: datasetId,
        [objectMetadata.userId]: principal.userId,
        [objectMetadata.originalFilename]: encodeURIComponent(file.filename),
      },
    });
  } catch (error) {
    await deps.datasets.unregister(dataset);
    throw error;
  }
  return dataset;
}

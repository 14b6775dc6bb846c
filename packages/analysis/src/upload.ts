import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AppError,
  DROP_PREFIX,
  env,
  FORM_UPLOAD_METADATA,
  FORM_UPLOAD_PREFIX,
  logger,
  NotFoundError,
  readMultipart,
  type UploadedFile,
  type UploadQuota,
} from '@pynomaly/core';
import { assertXlsxFilename, inspectXlsx, readWorkbook, WorkbookEmptyError } from '@pynomaly/ingest';
import type { BlobHead, BlobStore, DatasetRepository, ProductEventPublisher } from '@pynomaly/store';
import { overQuota } from './quota';
import { type ObjectFacts, registerDataset, XLSX_CONTENT_TYPE } from './register';

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

/** Why the file of an upload form will not be analysed, or null when it is a sound workbook with data. */
async function refusalOf(file: UploadedFile): Promise<string | null> {
  const dir = await mkdtemp(join(tmpdir(), 'upload-'));
  try {
    assertXlsxFilename(file.filename);
    const path = join(dir, 'upload.xlsx');
    await writeFile(path, file.body);
    await inspectXlsx(path);
    if (!(await hasDataRows(path))) throw new WorkbookEmptyError();
    return null;
  } catch (error) {
    if (error instanceof AppError && error.statusCode < 500) return error.message;
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `uploads/form/<tenant>/<upload id>` → its tenant and upload id; anything else is not a form. */
export function formOfKey(key: string): { tenantId: string; uploadId: string } | undefined {
  if (!key.startsWith(FORM_UPLOAD_PREFIX)) return undefined;
  const [tenantId, uploadId, ...rest] = key.slice(FORM_UPLOAD_PREFIX.length).split('/');
  return tenantId && uploadId && rest.length === 0 ? { tenantId, uploadId } : undefined;
}

/** Reads the form's file, held to the upload limit; a form that holds none is refused with why. */
async function fileOfForm(
  body: Buffer,
  contentType: string,
): Promise<{ file: UploadedFile; refusal: null } | { file: undefined; refusal: string }> {
  try {
    const { file } = await readMultipart(contentType, body, 'file', env().MAX_UPLOAD_BYTES);
    return { file, refusal: null };
  } catch (error) {
    if (error instanceof AppError && error.statusCode < 500)
      return { file: undefined, refusal: error.message };
    throw error;
  }
}

/**
 * Receives a workbook upload that API Gateway stored as it arrived (the upload route has no
 * function, so a form up to API Gateway's 10 MB reaches us): the dataset takes the upload's id,
 * the workbook is checked (extension, size, a sound .xlsx with data) and charged to the
 * tenant's upload quota, then dropped in the tenant's folder, which starts its analysis. A form
 * refused is recorded as a `rejected` dataset with why, its session in `error`, nothing
 * analysed, and `dataset.failed` announced. Idempotent: a notification delivered twice finds the dataset and the form gone.
 */
export async function receiveFormUpload(
  key: string,
  deps: {
    datasets: DatasetRepository;
    blobs: BlobStore;
    quota: UploadQuota;
    events: Pick<ProductEventPublisher, 'publish'>;
  },
): Promise<{ datasetId?: string; accepted: boolean }> {
  const form = formOfKey(key);
  if (!form) {
    logger.warn('object outside the upload forms ignored', { key });
    return { accepted: false };
  }
  const { tenantId, uploadId: datasetId } = form;
  let head: BlobHead;
  try {
    head = await deps.blobs.head(key);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    logger.info('upload form already received', { key });
    return { datasetId, accepted: false };
  }
  const uploadedAt = head.lastModified ?? new Date();
  const facts: ObjectFacts = {
    tenantId,
    userId: head.metadata[FORM_UPLOAD_METADATA.userId] ?? tenantId,
    datasetId,
    key,
    size: head.size,
    originalFilename: 'upload',
    contentType: head.contentType ?? 'application/octet-stream',
    uploadedAt: uploadedAt.toISOString(),
  };
  const existing = await deps.datasets.find(tenantId, datasetId);
  if (existing) {
    await deps.blobs.deleteKeys([key]);
    return { datasetId, accepted: existing.status !== 'rejected' };
  }

  const { file, refusal } = await fileOfForm(await deps.blobs.getBytes(key), facts.contentType);
  const refused = refusal ?? (file ? await refusalOf(file) : null);
  const overBy = refused ? null : await overQuota(deps.quota, tenantId, datasetId);
  const rejection = refused ?? (overBy && `${overBy}; the file was not analysed`);
  if (rejection || !file) {
    await registerDataset(
      { ...facts, originalFilename: file?.filename || facts.originalFilename },
      deps.datasets,
      { reason: rejection ?? 'The upload held no file', events: deps.events },
    );
    await deps.blobs.deleteKeys([key]);
    logger.info('upload refused', { key, datasetId, reason: rejection });
    return { datasetId, accepted: false };
  }

  const username = head.metadata[FORM_UPLOAD_METADATA.username] ?? facts.userId;
  const dropped = `${DROP_PREFIX}${tenantId}/${safeFilename(username)}_${stamp(uploadedAt)}_${safeFilename(file.filename)}`;
  // Recorded before the workbook is dropped, so the analysis its arrival starts finds the
  // dataset as uploaded; the form goes last, so a failure midway is retried from the form.
  await registerDataset(
    {
      ...facts,
      key: dropped,
      size: file.body.length,
      originalFilename: file.filename,
      contentType: XLSX_CONTENT_TYPE,
    },
    deps.datasets,
  );
  await deps.blobs.put(dropped, file.body, {
    contentType: XLSX_CONTENT_TYPE,
    metadata: {
      [objectMetadata.datasetId]: datasetId,
      [objectMetadata.userId]: facts.userId,
      [objectMetadata.originalFilename]: encodeURIComponent(file.filename),
    },
  });
  await deps.blobs.deleteKeys([key]);
  return { datasetId, accepted: true };
}

import { PassThrough } from 'node:stream';
import {
  ConflictError,
  NotFoundError,
  newId,
  type Principal,
  type UploadQuota,
  ValidationError,
} from '@pynomaly/core';
import { type Cell, streamTable, tableFormatOf } from '@pynomaly/ingest';
import {
  type BlobStore,
  blobKeys,
  type PendingUpload,
  type PendingUploads,
  type TabularDatasetRecord,
  type TabularDatasetRepository,
} from '@pynomaly/store';
import { FeatureStatistics } from './statistics';
import { formulaNote } from './tabular-datasets';

/** Largest file a presigned upload accepts. */
export const MAX_LARGE_UPLOAD_BYTES = 1024 * 1024 * 1024;
const URL_TTL_SECONDS = 900;

export interface LargeUploadDeps {
  uploads: PendingUploads;
  datasets: TabularDatasetRepository;
  blobs: BlobStore;
}

/**
 * Starts a large upload: API Gateway caps request bodies at 10 MB, so the client PUTs the
 * file straight to S3 with a short-lived URL signed for exactly its declared size.
 */
export async function startLargeUpload(
  principal: Principal,
  request: {
    filename: string;
    size: number;
    content_type?: string;
    name?: string;
    description?: string;
    separator?: string;
    has_header?: boolean;
  },
  deps: LargeUploadDeps & { quota: UploadQuota },
) {
  const contentType = request.content_type ?? 'application/octet-stream';
  tableFormatOf(request.filename, contentType);
  if (request.size > MAX_LARGE_UPLOAD_BYTES) {
    throw new ValidationError(`Files are limited to ${MAX_LARGE_UPLOAD_BYTES} bytes`, [
      { field: 'size', message: 'too large' },
    ]);
  }
  const uploadId = newId();
  await deps.quota.charge(principal.tenantId, uploadId);
  const upload: PendingUpload = {
    upload_id: uploadId,
    key: blobKeys.largeUpload(principal.tenantId, uploadId),
    filename: request.filename,
    content_type: contentType,
    size: request.size,
    name: request.name ?? request.filename.replace(/\.[^.]+$/, ''),
    description: request.description ?? null,
    separator: request.separator ?? null,
    has_header: request.has_header ?? true,
  };
  await deps.uploads.put(principal.tenantId, upload);
  const url = await deps.blobs.presignPut(upload.key, upload.size, contentType, URL_TTL_SECONDS);
  return {
    upload_id: uploadId,
    method: 'PUT',
    url,
    headers: { 'Content-Type': contentType, 'Content-Length': String(upload.size) },
    expires_in: URL_TTL_SECONDS,
  };
}

/**
 * Turns an uploaded file into a dataset, streaming: rows go from the S3 object through the
 * parser into the dataset's NDJSON object and into running statistics, one at a time, so no
 * function ever holds the file or its rows whole (JSON, which has no row framing, excepted).
 */
export async function completeLargeUpload(
  principal: Principal,
  uploadId: string,
  deps: LargeUploadDeps,
): Promise<TabularDatasetRecord> {
  const upload = await deps.uploads.get(principal.tenantId, uploadId);
  let head: Awaited<ReturnType<BlobStore['head']>>;
  try {
    head = await deps.blobs.head(upload.key);
  } catch (error) {
    if (error instanceof NotFoundError) throw new ConflictError('The file has not been uploaded yet');
    throw error;
  }
  // S3 already refuses a body of another length (the URL signs it); checking again here keeps
  // the promise where a store does not check signed headers.
  if (head.size !== upload.size) {
    await deps.blobs.deleteKeys([upload.key]);
    throw new ValidationError(`The uploaded file has ${head.size} bytes where ${upload.size} were declared`, [
      { field: 'size', message: 'does not match the file' },
    ]);
  }
  const source = await deps.blobs.getStream(upload.key);
  const id = newId();
  const rowsKey = blobKeys.tabularRows(principal.tenantId, id);
  const out = new PassThrough();
  const stored = deps.blobs.putStream(rowsKey, out, 'application/x-ndjson');
  let features: string[] = [];
  let stats = new FeatureStatistics(0);
  let size = 0;
  let formulaColumns: string[] | undefined;
  try {
    await streamTable(
      source,
      {
        format: tableFormatOf(upload.filename, upload.content_type),
        separator: upload.separator ?? undefined,
        hasHeader: upload.has_header,
      },
      {
        onColumns: (columns) => {
          features = columns;
          stats = new FeatureStatistics(columns.length);
        },
        onRow: async (row: Cell[]) => {
          if (row.length !== features.length) {
            throw new ValidationError(
              `Row ${size} has ${row.length} values where ${features.length} columns are named`,
              [{ field: `data[${size}]`, message: 'ragged row' }],
            );
          }
          stats.add(row);
          size++;
          if (!out.write(`${size > 1 ? '\n' : ''}${JSON.stringify(row)}`))
            await new Promise((r) => out.once('drain', r));
        },
        onFormulaColumns: (columns) => {
          formulaColumns = columns;
        },
      },
    );
  } catch (error) {
    out.end();
    await stored;
    await deps.blobs.deleteKeys([rowsKey]);
    throw error;
  }
  out.end();
  await stored;
  if (size === 0) {
    await deps.blobs.deleteKeys([rowsKey]);
    throw new ValidationError('The file has no rows', [{ field: 'file', message: 'empty' }]);
  }
  const now = new Date().toISOString();
  const record: TabularDatasetRecord = {
    id,
    tenant_id: principal.tenantId,
    user_id: principal.userId,
    name: upload.name,
    description: upload.description,
    feature_names: features,
    size,
    metadata: {
      original_filename: upload.filename,
      upload_id: upload.upload_id,
      ...formulaNote(formulaColumns),
    },
    statistics: stats.result(),
    s3_key: rowsKey,
    source: 'upload',
    created_at: now,
    updated_at: now,
  };
  await deps.datasets.put(record);
  await deps.blobs.deleteKeys([upload.key]);
  return record;
}

/**
 * Large uploads: start (a signed S3 PUT URL) → the client PUTs the file → complete (quick
 * checks, then the conversion: in the request for a small file, on the ingest state machine
 * for a large one) → the upload's status says how it went.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import {
  ConflictError,
  NotFoundError,
  newId,
  type Principal,
  type UploadQuota,
  ValidationError,
} from '@pynomaly/core';
import { tableFormatOf } from '@pynomaly/ingest';
import {
  type BlobStore,
  blobKeys,
  type PendingUpload,
  type PendingUploads,
  type TabularDatasetRecord,
  type TabularDatasetRepository,
} from '@pynomaly/store';
import type { AutonomousDetection } from './autonomous';
import { convertUpload, isFileFault } from './upload-conversion';
import { failUpload, finishUpload, type IngestDeps, type QueuedIngest, startIngest } from './upload-ingest';

/** Largest file a presigned upload accepts. */
export const MAX_LARGE_UPLOAD_BYTES = 1024 * 1024 * 1024;
const URL_TTL_SECONDS = 900;

/**
 * Largest file the complete route converts within the request; a larger one is converted by
 * the ingest state machine (202). The conversion is CPU-bound: measured at 4.6 MB/s end to end
 * on the local stack for narrow numeric CSV, the fewest bytes per second of the shapes tried
 * (bench/RESULTS.md, "Large uploads"), so 16 MiB takes about 3.5 s there and about 6 s on the
 * complete function's 1024 MB (0.58 of a vCPU) — inside the 10 s of work a request may do
 * (REQUEST_WORK_SECONDS, a third of API Gateway's 29 s), with room for autonomous detection.
 */
export const SYNC_COMPLETE_BYTES = 16 * 1024 * 1024;

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
  const now = new Date().toISOString();
  const upload: PendingUpload = {
    upload_id: uploadId,
    user_id: principal.userId,
    key: blobKeys.largeUpload(principal.tenantId, uploadId),
    filename: request.filename,
    content_type: contentType,
    size: request.size,
    name: request.name ?? request.filename.replace(/\.[^.]+$/, ''),
    description: request.description ?? null,
    separator: request.separator ?? null,
    has_header: request.has_header ?? true,
    status: 'waiting',
    dataset_id: null,
    error_message: null,
    created_at: now,
    updated_at: now,
  };
  await deps.uploads.put(principal.tenantId, upload);
  const url = await deps.blobs.presignPut(upload.key, upload.size, contentType, URL_TTL_SECONDS);
  return {
    upload_id: uploadId,
    method: 'PUT',
    url,
    headers: { 'Content-Type': contentType, 'Content-Length': String(upload.size) },
    expires_in: URL_TTL_SECONDS,
    status_url: uploadStatusUrl(uploadId),
  };
}

/** Where a client polls an upload. */
export const uploadStatusUrl = (uploadId: string) => `/api/v1/datasets/uploads/${uploadId}`;

export type CompletedUpload =
  | { queued: false; record: TabularDatasetRecord; autonomous: AutonomousDetection | null }
  | { queued: true; upload: PendingUpload };

/**
 * Completes an upload. Quick checks first: the upload is the caller's tenant's (another
 * tenant's is not found), its file is there and has the declared size. A file up to
 * {@link SYNC_COMPLETE_BYTES} then becomes a dataset within the request; a larger one is marked
 * `processing` (one conditional write, so of two completes one starts it) and its ingest
 * execution started, to be polled. Completing an upload that is processing starts nothing new;
 * one that has completed or failed cannot be completed again.
 */
export async function completeLargeUpload(
  principal: Principal,
  uploadId: string,
  deps: IngestDeps & { sfn?: SFNClient },
): Promise<CompletedUpload> {
  const upload = await deps.uploads.get(principal.tenantId, uploadId);
  if (upload.status === 'processing') return requeue(principal, upload, deps);
  assertWaiting(upload);
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
  return upload.size <= SYNC_COMPLETE_BYTES
    ? completeNow(principal, upload, deps)
    : queue(principal, upload, deps);
}

/** An upload that has ended cannot be completed (again). */
function assertWaiting(upload: PendingUpload): void {
  if (upload.status === 'completed')
    throw new ConflictError(`The upload has already become dataset ${upload.dataset_id}`);
  if (upload.status === 'failed')
    throw new ConflictError(`The upload failed (${upload.error_message}); start a new upload`);
}

/** The conversion within the request; a fault of the file fails the upload for good. */
async function completeNow(
  principal: Principal,
  upload: PendingUpload,
  deps: IngestDeps,
): Promise<CompletedUpload> {
  let record: TabularDatasetRecord;
  try {
    record = await convertUpload(principal, upload, newId(), deps);
  } catch (error) {
    if (isFileFault(error))
      await failUpload(principal.tenantId, upload.upload_id, ['waiting'], error.message, deps);
    throw error;
  }
  const finished = await finishUpload(principal, upload, record, 'waiting', deps);
  if (!finished.completed) throw new ConflictError('Another request completed this upload first');
  return { queued: false, record, autonomous: finished.autonomous };
}

/** The ingest execution's input for an upload, the same every time it is asked for. */
function ingestInput(principal: Principal, upload: PendingUpload, datasetId: string): QueuedIngest {
  return {
    tenant_id: principal.tenantId,
    user_id: upload.user_id ?? principal.userId,
    upload_id: upload.upload_id,
    dataset_id: datasetId,
  };
}

/**
 * Marks the upload `processing` and starts its ingest execution. An execution that cannot be
 * started never ends, so the upload is failed at once rather than left processing for ever.
 */
async function queue(
  principal: Principal,
  upload: PendingUpload,
  deps: IngestDeps & { sfn?: SFNClient },
): Promise<CompletedUpload> {
  const input = ingestInput(principal, upload, newId());
  const marked = await deps.uploads.transition(principal.tenantId, upload.upload_id, ['waiting'], {
    status: 'processing',
    dataset_id: input.dataset_id,
  });
  if (!marked) {
    // Another complete moved it on first.
    const current = await deps.uploads.get(principal.tenantId, upload.upload_id);
    if (current.status === 'processing') return { queued: true, upload: current };
    assertWaiting(current);
    throw new ConflictError('The upload changed while it was being completed; try again');
  }
  try {
    await startIngest(input, deps);
  } catch (error) {
    await failUpload(
      principal.tenantId,
      upload.upload_id,
      ['processing'],
      'The conversion could not be started because of an internal error',
      deps,
    );
    throw error;
  }
  return { queued: true, upload: { ...upload, status: 'processing', dataset_id: input.dataset_id } };
}

/**
 * A complete asked again of an upload that is processing: its execution is started again
 * under the same name and input, which starts nothing new when it runs, and heals a complete
 * that marked the upload and stopped before it could start the execution.
 */
async function requeue(
  principal: Principal,
  upload: PendingUpload,
  deps: { sfn?: SFNClient },
): Promise<CompletedUpload> {
  if (upload.dataset_id) await startIngest(ingestInput(principal, upload, upload.dataset_id), deps);
  return { queued: true, upload };
}

/** What the status route answers for an upload. */
export function uploadDocument(upload: PendingUpload) {
  return {
    upload_id: upload.upload_id,
    filename: upload.filename,
    name: upload.name,
    size: upload.size,
    status: upload.status,
    dataset_id: upload.status === 'completed' ? upload.dataset_id : null,
    error_message: upload.status === 'failed' ? upload.error_message : null,
    // Records from before sharded detection ran autonomous detection to completion.
    autonomous_detection: upload.autonomous_detection
      ? { status: 'completed' as const, ...upload.autonomous_detection }
      : null,
    created_at: upload.created_at ?? null,
    updated_at: upload.updated_at ?? null,
    completed_at: upload.completed_at ?? null,
  };
}

/** One upload of the caller's tenant; another tenant's is not found. */
export async function getLargeUpload(
  principal: Principal,
  uploadId: string,
  deps: { uploads: PendingUploads },
) {
  return uploadDocument(await deps.uploads.get(principal.tenantId, uploadId));
}

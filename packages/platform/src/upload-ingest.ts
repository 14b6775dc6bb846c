/**
 * A large upload too big to convert within a request runs on the "ingest" state machine:
 * the complete route marks it `processing` and starts an execution named after it; the
 * IngestUpload task converts it and completes it; MarkIngestFailed (or, for an execution that
 * timed out or was stopped, functions/events/on-execution-ended) fails it with the reason.
 */
import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { type Principal, required, sfnClient } from '@pynomaly/core';
import {
  blobKeys,
  type PendingUpload,
  type PendingUploads,
  type SettingsRepository,
  type TabularDatasetRecord,
  type UploadStatus,
} from '@pynomaly/store';
import { z } from 'zod';
import type { Announces } from './announce';
import { type AutonomousDetection, analyseOnArrival } from './autonomous';
import type { DetectionDeps } from './detection';
import { taskPrincipal } from './task-principal';
import { type ConversionDeps, convertUpload, discardConversion, FILE_FAULTS } from './upload-conversion';

/** What the ingest state machine carries: whose upload, which one, and the dataset it becomes. */
export const queuedIngest = z.object({
  tenant_id: z.string().min(1),
  user_id: z.string().min(1),
  upload_id: z.string().min(1),
  dataset_id: z.string().min(1),
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});
export type QueuedIngest = z.infer<typeof queuedIngest>;

/** What converting and completing an upload takes, autonomous detection included. */
export interface IngestDeps extends ConversionDeps, DetectionDeps, Announces {
  uploads: PendingUploads;
  settings: SettingsRepository;
}

/**
 * Starts the ingest execution of an upload, named after it, so that starting it twice starts
 * it once: AWS answers a second start with the same name and input with the running execution,
 * and `ExecutionAlreadyExists` for any other, which means it has been started already.
 */
export async function startIngest(input: QueuedIngest, deps: { sfn?: SFNClient } = {}): Promise<void> {
  try {
    await (deps.sfn ?? sfnClient()).send(
      new StartExecutionCommand({
        stateMachineArn: required('INGEST_STATE_MACHINE_ARN'),
        name: input.upload_id,
        input: JSON.stringify(input),
      }),
    );
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
}

export type FinishedUpload =
  | { completed: true; autonomous: AutonomousDetection | null }
  | { completed: false };

/**
 * The end of a conversion whose dataset is stored: the upload says `completed` (only from
 * `from`, so of two conversions one completes it and the other takes its dataset back), its
 * file goes, and autonomous mode, when on, detects on the new dataset.
 */
export async function finishUpload(
  principal: Principal,
  upload: PendingUpload,
  record: TabularDatasetRecord,
  from: Extract<UploadStatus, 'waiting' | 'processing'>,
  deps: IngestDeps,
): Promise<FinishedUpload> {
  const completed = await deps.uploads.transition(principal.tenantId, upload.upload_id, [from], {
    status: 'completed',
    dataset_id: record.id,
    error_message: null,
    completed_at: new Date().toISOString(),
  });
  if (!completed) {
    await discardConversion(record, deps);
    return { completed: false };
  }
  await deps.blobs.deleteKeys([upload.key]);
  // An upload that was processing is finished by the IngestUpload task, which may detect on
  // a dataset of any size.
  const autonomous = await analyseOnArrival(principal, record, deps, { inTask: from === 'processing' });
  if (autonomous)
    await deps.uploads.transition(principal.tenantId, upload.upload_id, ['completed'], {
      autonomous_detection: autonomous,
    });
  return { completed: true, autonomous };
}

/**
 * The IngestUpload task: the upload converted into its dataset and completed. A task that
 * finds the upload no longer `processing` (retried after completing it, or failed meanwhile by
 * a stopped execution) changes nothing, and a conversion that finishes after its upload was
 * failed takes its dataset back.
 */
export async function runQueuedIngest(input: QueuedIngest, deps: IngestDeps) {
  const upload = await deps.uploads.get(input.tenant_id, input.upload_id);
  if (upload.status !== 'processing')
    return { upload_id: input.upload_id, status: upload.status, dataset_id: upload.dataset_id };
  const principal = taskPrincipal(input);
  const record = await convertUpload(principal, upload, input.dataset_id, deps);
  const finished = await finishUpload(principal, upload, record, 'processing', deps);
  if (!finished.completed)
    return {
      upload_id: input.upload_id,
      status: (await deps.uploads.get(input.tenant_id, input.upload_id)).status,
    };
  return {
    upload_id: input.upload_id,
    status: 'completed' as const,
    dataset_id: record.id,
    rows: record.size,
    autonomous_detection: finished.autonomous,
  };
}

/** What Step Functions reports a task that ran out of time with. */
const TIMEOUT_ERRORS = ['States.Timeout', 'Sandbox.Timedout'];
const FILE_FAULT_NAMES = FILE_FAULTS.map((type) => type.name);

/**
 * The message a person reads for an ingest task's Step Functions error: what is wrong with the
 * file verbatim, a conversion that ran out of time said so, anything else an internal error.
 */
export function ingestFailureMessage(error: QueuedIngest['error']): string {
  try {
    const cause = JSON.parse(error?.Cause ?? '{}') as { errorType?: string; errorMessage?: string };
    if (cause.errorType && FILE_FAULT_NAMES.includes(cause.errorType) && cause.errorMessage)
      return cause.errorMessage;
  } catch {
    // A cause that is not Lambda's JSON keeps the generic message.
  }
  if (error?.Error && TIMEOUT_ERRORS.includes(error.Error))
    return 'The file took longer to convert than a conversion may take';
  return 'The upload could not be converted because of an internal error';
}

/**
 * Fails an upload for good, only while its status is one of `from` (an upload that has
 * completed, or failed already, is left as it is): it says `failed` and why, and its file, and
 * any rows a conversion left, go.
 */
export async function failUpload(
  tenantId: string,
  uploadId: string,
  from: readonly Extract<UploadStatus, 'waiting' | 'processing'>[],
  message: string,
  deps: { uploads: PendingUploads; blobs: ConversionDeps['blobs'] },
  datasetId?: string | null,
): Promise<boolean> {
  const recorded = await deps.uploads.transition(tenantId, uploadId, from, {
    status: 'failed',
    error_message: message,
    completed_at: new Date().toISOString(),
  });
  if (recorded)
    await deps.blobs.deleteKeys([
      blobKeys.largeUpload(tenantId, uploadId),
      ...(datasetId ? [blobKeys.tabularRows(tenantId, datasetId)] : []),
    ]);
  return recorded;
}

/**
 * The MarkIngestFailed task, and the end of an ingest execution that ended badly
 * (functions/events/on-execution-ended): the upload fails with the reason, only while it is
 * `processing`.
 */
export async function failQueuedIngest(
  input: QueuedIngest,
  deps: { uploads: PendingUploads; blobs: ConversionDeps['blobs'] },
  message = ingestFailureMessage(input.error),
) {
  const recorded = await failUpload(
    input.tenant_id,
    input.upload_id,
    ['processing'],
    message,
    deps,
    input.dataset_id,
  );
  return { upload_id: input.upload_id, status: 'failed' as const, recorded };
}

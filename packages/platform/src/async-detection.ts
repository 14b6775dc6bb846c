import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { newId, type Principal, required, sfnClient } from '@pynomaly/core';
import { createDetector } from '@pynomaly/detection';
import { blobKeys, type DetectionRecord } from '@pynomaly/store';
import { z } from 'zod';
import type { Announces } from './announce';
import {
  algorithmName,
  checkInlineRows,
  type DetectedAnomaly,
  type DetectionDeps,
  type DetectRequest,
  detect,
  detectionRecord,
  detectorParameters,
  MAX_SYNC_ROWS,
} from './detection';
import { isSharded, shardingConfig, shardRows } from './sharded/config';
import { taskPrincipal } from './task-principal';
import {
  inlineSize,
  QUEUED_WORK_SECONDS,
  REQUEST_WORK_SECONDS,
  WorkBudget,
  workSeconds,
} from './work-budget';

/**
 * What the detection state machine carries: who asked, which run, and the request itself —
 * its inline rows staged in the bucket at `data_key`, as an execution's input is limited to
 * 256 KB.
 */
export const queuedDetection = z.object({
  tenant_id: z.string().min(1),
  user_id: z.string().min(1),
  detection_id: z.string().min(1),
  request: z.object({ algorithm: z.string().min(1) }).loose() as unknown as z.ZodType<DetectRequest>,
  data_key: z.string().min(1).optional(),
  /** A stored dataset too large for one function: detected in shards (docs/adr/0013). */
  sharded: z.boolean().optional(),
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});
export type QueuedDetection = z.infer<typeof queuedDetection>;

export type DetectOutcome =
  | { queued: false; record: DetectionRecord; anomalies: DetectedAnomaly[] }
  | { queued: true; record: DetectionRecord };

/**
 * Detects now when the work fits a request, or queues the run on the detection state machine
 * and answers at once (the caller polls the result): when asked to with `async`, for a stored
 * dataset over the synchronous cap, and for work estimated beyond what a request may do. The
 * algorithm and parameters are checked, and work too large even for a queued task refused
 * (422), before anything runs or is queued.
 */
export async function detectOrQueue(
  principal: Principal,
  request: DetectRequest & { async?: boolean },
  deps: DetectionDeps & Announces & { sfn?: SFNClient },
): Promise<DetectOutcome> {
  const dataset = request.dataset_id ? await deps.datasets.get(principal.tenantId, request.dataset_id) : null;
  createDetector(algorithmName(request.algorithm), detectorParameters(request.parameters));
  if (request.data) checkInlineRows(request.data);
  const size = dataset
    ? { rows: dataset.size, features: dataset.feature_names.length }
    : inlineSize(request.data ?? [], request.features);
  const { algorithm, parameters } = request;
  const config = shardingConfig();
  const sharded = dataset !== null && isSharded(config, size);
  // Fitted on the rows, then every row scored again; sharded, each shard's worker fits on the
  // sample and scores its shard, and that is what must fit a task.
  const seconds = sharded
    ? workSeconds({
        rows: Math.min(config.DETECTION_SAMPLE_ROWS, size.rows),
        features: size.features,
        algorithm,
        parameters,
        scored: Math.min(shardRows(config, size.features), size.rows),
      })
    : workSeconds({ ...size, algorithm, parameters, scored: size.rows });
  new WorkBudget(QUEUED_WORK_SECONDS, sharded ? 'shard task' : 'queued task').spend(
    seconds,
    'send fewer rows or features, or choose fewer trees, fewer neighbours or a faster algorithm',
  );
  const { async: _, data, ...rest } = request;
  if (
    !request.async &&
    !sharded &&
    !(dataset && dataset.size > MAX_SYNC_ROWS) &&
    seconds <= REQUEST_WORK_SECONDS
  )
    return { queued: false, ...(await detect(principal, { ...rest, data }, deps)) };
  const id = `det_${newId()}`;
  const record: DetectionRecord = {
    ...detectionRecord(principal, request, id),
    status: 'running',
    n_samples: size.rows,
  };
  await deps.detections.put(record);
  const input: QueuedDetection = {
    tenant_id: principal.tenantId,
    user_id: principal.userId,
    detection_id: id,
    request: rest,
    ...(sharded ? { sharded } : {}),
  };
  if (data) {
    input.data_key = blobKeys.detectionInput(principal.tenantId, id);
    await deps.blobs.put(input.data_key, JSON.stringify(data), { contentType: 'application/json' });
  }
  try {
    await (deps.sfn ?? sfnClient()).send(
      new StartExecutionCommand({
        stateMachineArn: required('DETECTION_STATE_MACHINE_ARN'),
        name: id,
        input: JSON.stringify(input),
      }),
    );
  } catch (error) {
    // Never started, so nothing else will ever finish the record: fail it now, then say so.
    await failQueuedDetection(input, deps);
    throw error;
  }
  return { queued: true, record };
}

/** The RunDetection task: the queued run, done under its id; its staged rows go when it is done. */
export async function runQueuedDetection(input: QueuedDetection, deps: DetectionDeps & Announces) {
  const request = input.data_key
    ? { ...input.request, data: JSON.parse(await deps.blobs.getText(input.data_key)) as unknown[] }
    : input.request;
  const { record } = await detect(taskPrincipal(input), request, deps, { id: input.detection_id });
  if (input.data_key) await deps.blobs.deleteKeys([input.data_key]);
  return { detection_id: record.id, anomaly_count: record.anomaly_count };
}

/** The message a person reads for a detection's Step Functions error: user-facing errors verbatim. */
export function detectionFailureMessage(error: QueuedDetection['error']): string {
  try {
    const cause = JSON.parse(error?.Cause ?? '{}') as { errorType?: string; errorMessage?: string };
    if (cause.errorType === 'ValidationError' && cause.errorMessage) return cause.errorMessage;
  } catch {
    // A cause that is not Lambda's JSON keeps the generic message.
  }
  return 'The detection failed because of an internal error';
}

/**
 * The MarkDetectionFailed task, and the end of an execution that ended badly
 * (functions/events/on-execution-ended): the run says `failed` and why, unless it has already
 * ended — a failure recorded once, or a run that completed, is left as it is. Its staged rows go.
 */
export async function failQueuedDetection(
  input: QueuedDetection,
  deps: Pick<DetectionDeps, 'detections' | 'blobs'>,
  message = detectionFailureMessage(input.error),
) {
  if (input.data_key) await deps.blobs.deleteKeys([input.data_key]);
  if (input.sharded)
    await deps.blobs.deletePrefix(blobKeys.detectionWork(input.tenant_id, input.detection_id));
  const recorded = await deps.detections.updateWhileRunning(input.tenant_id, input.detection_id, {
    status: 'failed',
    error_message: message,
    completed_at: new Date().toISOString(),
  });
  return { detection_id: input.detection_id, status: 'failed' as const, recorded };
}

import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { newId, type Principal, required, sfnClient } from '@pynomaly/core';
import { createDetector } from '@pynomaly/detection';
import type { DetectionRecord } from '@pynomaly/store';
import { z } from 'zod';
import {
  algorithmName,
  type DetectedAnomaly,
  type DetectionDeps,
  type DetectRequest,
  detect,
  detectionRecord,
  detectorParameters,
  MAX_SYNC_ROWS,
} from './detection';
import { taskPrincipal } from './task-principal';

/** What the detection state machine carries: who asked, which run, and the request itself. */
export const queuedDetection = z.object({
  tenant_id: z.string().min(1),
  user_id: z.string().min(1),
  detection_id: z.string().min(1),
  request: z.object({ algorithm: z.string().min(1) }).loose() as unknown as z.ZodType<DetectRequest>,
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});
export type QueuedDetection = z.infer<typeof queuedDetection>;

export type DetectOutcome =
  | { queued: false; record: DetectionRecord; anomalies: DetectedAnomaly[] }
  | { queued: true; record: DetectionRecord };

/**
 * Detects now when the data fits a request, or queues the run on the detection state machine
 * (asked for with `async`, or a stored dataset over the synchronous cap) and answers at once:
 * the caller polls the result. The algorithm and parameters are checked before queueing.
 */
export async function detectOrQueue(
  principal: Principal,
  request: DetectRequest & { async?: boolean },
  deps: DetectionDeps & { sfn?: SFNClient },
): Promise<DetectOutcome> {
  const dataset = request.dataset_id ? await deps.datasets.get(principal.tenantId, request.dataset_id) : null;
  if (!request.async && !(dataset && dataset.size > MAX_SYNC_ROWS)) {
    const { async: _, ...sync } = request;
    return { queued: false, ...(await detect(principal, sync, deps)) };
  }
  createDetector(algorithmName(request.algorithm), detectorParameters(request.parameters));
  const id = `det_${newId()}`;
  const record: DetectionRecord = {
    ...detectionRecord(principal, request, id),
    status: 'running',
    n_samples: dataset?.size ?? request.data?.length ?? 0,
  };
  await deps.detections.put(record);
  const { async: _, ...queuedRequest } = request;
  const input: QueuedDetection = {
    tenant_id: principal.tenantId,
    user_id: principal.userId,
    detection_id: id,
    request: queuedRequest,
  };
  await (deps.sfn ?? sfnClient()).send(
    new StartExecutionCommand({
      stateMachineArn: required('DETECTION_STATE_MACHINE_ARN'),
      name: id,
      input: JSON.stringify(input),
    }),
  );
  return { queued: true, record };
}

/** The RunDetection task: the queued run, done under its id. */
export async function runQueuedDetection(input: QueuedDetection, deps: DetectionDeps) {
  const { record } = await detect(taskPrincipal(input), input.request, deps, { id: input.detection_id });
  return { detection_id: record.id, anomaly_count: record.anomaly_count };
}

/** The MarkDetectionFailed task: the run says `failed` and why (user-facing errors verbatim). */
export async function failQueuedDetection(input: QueuedDetection, deps: Pick<DetectionDeps, 'detections'>) {
  const record = await deps.detections.get(input.tenant_id, input.detection_id);
  let message = 'The detection failed because of an internal error';
  try {
    const cause = JSON.parse(input.error?.Cause ?? '{}') as { errorType?: string; errorMessage?: string };
    if (cause.errorType === 'ValidationError' && cause.errorMessage) message = cause.errorMessage;
  } catch {
    // A cause that is not Lambda's JSON keeps the generic message.
  }
  await deps.detections.put({
    ...record,
    status: 'failed',
    error_message: message,
    completed_at: new Date().toISOString(),
  });
  return { detection_id: record.id, status: 'failed' };
}

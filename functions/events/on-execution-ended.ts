import { failStep, failureInput } from '@pynomaly/analysis';
import { required } from '@pynomaly/core';
import {
  type ExecutionStatusDetail,
  endedBadly,
  endedReason,
  executionInput,
  executionStatusChange,
  failQueuedDetection,
  failQueuedIngest,
  failQueuedStudy,
  queuedDetection,
  queuedIngest,
  queuedStudy,
} from '@pynomaly/platform';
import {
  BlobStore,
  DatasetRepository,
  DetectionRepository,
  PendingUploads,
  ProductEventPublisher,
  SessionRepository,
  StudyRepository,
} from '@pynomaly/store';
import { failRetry, queuedRetry, WebhookRepository } from '@pynomaly/webhooks';
import { type MachineDefinition, machines, machineTimeoutSeconds } from '../pipeline/machines';
import { stepHandler } from '../task-handler';

const analysis = {
  datasets: new DatasetRepository(),
  sessions: new SessionRepository(),
  events: new ProductEventPublisher(),
};
const detection = { detections: new DetectionRepository(), blobs: new BlobStore() };
const study = { studies: new StudyRepository() };
const webhook = { webhooks: new WebhookRepository() };
const ingest = { uploads: new PendingUploads(), blobs: detection.blobs };
/** Each machine of ours by its ARN, read at cold start. */
const byArn = new Map(machines.map((m) => [required(m.arnVariable), m]));

/** How each machine's record is failed; the fail functions leave a record that has ended alone. */
const fail: Record<
  MachineDefinition['name'],
  (detail: ExecutionStatusDetail, timeout?: number) => Promise<unknown>
> = {
  analysis: async (detail, timeout) =>
    failStep(await executionInput(detail, failureInput), analysis, endedReason('analysis', detail, timeout)),
  detection: async (detail, timeout) =>
    failQueuedDetection(
      await executionInput(detail, queuedDetection),
      detection,
      endedReason('detection', detail, timeout),
    ),
  study: async (detail, timeout) => {
    const input = await executionInput(detail, queuedStudy);
    const what = input.kind === 'automl' ? 'AutoML pipeline' : 'experiment';
    return failQueuedStudy(input, study, endedReason(what, detail, timeout));
  },
  // A retry schedule cut short: its delivery is failed (the owner sees it and can redrive it).
  webhook: async (detail) => failRetry(await executionInput(detail, queuedRetry), webhook),
  ingest: async (detail, timeout) =>
    failQueuedIngest(
      await executionInput(detail, queuedIngest),
      ingest,
      endedReason('upload', detail, timeout),
    ),
};

/**
 * An execution of ours that timed out, was stopped or failed outside any Catch → its session,
 * detection, study, upload or webhook delivery says `failed` and why, instead of `running` (`processing`) for ever.
 */
export const handler = stepHandler(executionStatusChange, async ({ detail }) => {
  const machine = byArn.get(detail.stateMachineArn);
  if (!machine || !endedBadly(detail.status)) return { ignored: detail.executionArn };
  return fail[machine.name](detail, machineTimeoutSeconds(machine));
});

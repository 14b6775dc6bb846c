/**
 * The subscriptions' fan-out: a product event (`detection.completed`, `training.completed`) →
 * the tenant's subscriptions to its dataset or model → each subscription's document run on the
 * event's data and sent to its connection as `next`. Only the event's tenant is listened for.
 */
import type { DetectionCompletedDetail, TrainingCompletedDetail } from '@pynomaly/core';
import type { ReplyPort, SubscriptionRecord, SubscriptionRepository } from '@pynomaly/live';
import type { DetectedAnomaly } from '@pynomaly/platform';
import type { DetectorRecord } from '@pynomaly/store';
import { type DocumentNode, execute, parse } from 'graphql';
import { toModel } from './resolvers';
import { subscriptionSchema } from './subscriptions';

/** The most anomalies of one run sent to a subscriber, highest scores first. */
export const MAX_ANOMALIES_PER_RUN = 100;

export interface PublishDeps {
  subscriptions: Pick<SubscriptionRepository, 'listening' | 'removeAll'>;
  connections: { delete(connectionId: string): Promise<void> };
  poster: Pick<ReplyPort, 'send'>;
  /** The run's anomalies, highest score first, as `GET /api/v1/detection/results/{id}` answers them. */
  anomalies(tenantId: string, detectionId: string): Promise<DetectedAnomaly[]>;
  detector(tenantId: string, id: string): Promise<DetectorRecord>;
}

/** Runs the subscription's (parsed) document with the event's value as its root field's answer. */
function resultOf(subscription: SubscriptionRecord, document: DocumentNode, field: string, value: unknown) {
  const result = execute({
    schema: subscriptionSchema,
    document,
    rootValue: { [field]: value },
    variableValues: subscription.variables,
    operationName: subscription.operation_name,
  }) as Awaited<ReturnType<typeof execute>>;
  return {
    ...(result.data ? { data: result.data } : {}),
    ...(result.errors ? { errors: result.errors.map((e) => e.toJSON()) } : {}),
  };
}

/** What one WebSocket message may carry (API Gateway refuses a PostToConnection over 128 KB), less the envelope's room. */
export const MAX_NEXT_PAYLOAD_BYTES = 128 * 1024 - 1024;

/**
 * The payload, or, when its selection of one value is too large for a WebSocket message (a row
 * of very many or very long cells), an error saying where to read it: one value never fails
 * the others, nor retries the event.
 */
function fitting(payload: ReturnType<typeof resultOf>) {
  if (Buffer.byteLength(JSON.stringify(payload)) <= MAX_NEXT_PAYLOAD_BYTES) return payload;
  return {
    errors: [
      {
        message: 'This value is larger than a WebSocket message (128 KB): read it from the REST API',
        extensions: { code: 'PAYLOAD_TOO_LARGE' },
      },
    ],
  };
}

/** Sends every value to every subscriber, in order; a connection gone (410) is forgotten with its subscriptions. */
async function fanOut(
  subscribers: SubscriptionRecord[],
  field: string,
  values: unknown[],
  deps: PublishDeps,
) {
  let sent = 0;
  const gone = new Set<string>();
  await Promise.all(
    subscribers.map(async (subscription) => {
      // Parsed once for all of the event's values.
      const document = parse(subscription.query);
      for (const value of values) {
        if (gone.has(subscription.connection_id)) return;
        const payload = fitting(resultOf(subscription, document, field, value));
        const delivered = await deps.poster.send(subscription.connection_id, {
          type: 'next',
          id: subscription.id,
          payload,
        });
        if (delivered) sent++;
        else gone.add(subscription.connection_id);
      }
    }),
  );
  for (const connectionId of gone) {
    await deps.subscriptions.removeAll(connectionId);
    await deps.connections.delete(connectionId);
  }
  return { sent, gone: gone.size };
}

/** `detection.completed` on a dataset → `anomalyDetected(datasetId)` subscribers hear its anomalies. */
export async function publishDetection(detail: DetectionCompletedDetail, deps: PublishDeps) {
  if (!detail.dataset_id || detail.n_anomalies === 0) return { sent: 0, gone: 0 };
  const subscribers = await deps.subscriptions.listening(detail.tenant_id, `dataset:${detail.dataset_id}`);
  if (subscribers.length === 0) return { sent: 0, gone: 0 };
  const anomalies = (await deps.anomalies(detail.tenant_id, detail.result_id))
    .slice(0, MAX_ANOMALIES_PER_RUN)
    .map((anomaly) => ({ ...anomaly, detectionId: detail.result_id, timestamp: detail.completed_at }));
  return fanOut(subscribers, 'anomalyDetected', anomalies, deps);
}

/** `training.completed` → `modelTrainingProgress(modelId)` subscribers hear it is trained. */
export async function publishTraining(detail: TrainingCompletedDetail, deps: PublishDeps) {
  const subscribers = await deps.subscriptions.listening(detail.tenant_id, `model:${detail.detector_id}`);
  if (subscribers.length === 0) return { sent: 0, gone: 0 };
  const model = toModel(await deps.detector(detail.tenant_id, detail.detector_id));
  const progress = {
    modelId: detail.detector_id,
    status: 'trained',
    progress: 1,
    message: `Trained ${model.algorithm} on dataset ${detail.dataset_id ?? 'rows sent inline'}`,
    metrics: model.metrics,
    timestamp: detail.completed_at,
  };
  return fanOut(subscribers, 'modelTrainingProgress', [progress], deps);
}

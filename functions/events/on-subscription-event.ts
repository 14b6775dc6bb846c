import { detectionCompleted, liveConnectionsClient, trainingCompleted } from '@pynomaly/core';
import { publishDetection, publishTraining } from '@pynomaly/graphql';
import { ConnectionPoster, ConnectionRepository, SubscriptionRepository } from '@pynomaly/live';
import { detectionResult } from '@pynomaly/platform';
import { BlobStore, DetectionRepository, DetectorRepository } from '@pynomaly/store';
import { z } from 'zod';
import { stepHandler } from '../task-handler';

const detections = { detections: new DetectionRepository(), blobs: new BlobStore() };
const detectors = new DetectorRepository();
const deps = {
  subscriptions: new SubscriptionRepository(),
  connections: new ConnectionRepository(),
  poster: new ConnectionPoster(liveConnectionsClient()),
  anomalies: async (tenantId: string, id: string) =>
    (await detectionResult(tenantId, id, detections)).anomalies,
  detector: (tenantId: string, id: string) => detectors.get(tenantId, id),
};

/** The two events GraphQL subscriptions listen to, as the rule delivers them. */
const subscriptionEvent = z.discriminatedUnion('detail-type', [
  z.object({ 'detail-type': z.literal(detectionCompleted.detailType), detail: detectionCompleted.schema }),
  z.object({ 'detail-type': z.literal(trainingCompleted.detailType), detail: trainingCompleted.schema }),
]);

/** `detection.completed` / `training.completed` → `next` messages to the tenant's GraphQL subscribers. */
export const handler = stepHandler(subscriptionEvent, (event) =>
  event['detail-type'] === 'detection.completed'
    ? publishDetection(event.detail, deps)
    : publishTraining(event.detail, deps),
);

import { detectionCompleted, trainingCompleted } from '@pynomaly/core';
import type { DetectionRecord, DetectorRecord, ProductEventPublisher } from '@pynomaly/store';

/** Where stored detection results and trained detectors are announced (the product bus). */
export interface Announces {
  events: Pick<ProductEventPublisher, 'publish'>;
}

/** `detection.completed` for a stored run: its id is the run's, as the result's URL names it. */
export async function announceDetection(record: DetectionRecord, deps: Announces): Promise<void> {
  await deps.events.publish(detectionCompleted, {
    version: 1,
    tenant_id: record.tenant_id,
    result_id: record.id,
    detector_id: record.detector_id ?? null,
    dataset_id: record.dataset_id,
    n_samples: record.n_samples,
    n_anomalies: record.anomaly_count,
    completed_at: record.completed_at,
  });
}

/** `training.completed` for a detector just trained: a trained detector is its own model. */
export async function announceTraining(record: DetectorRecord, deps: Announces): Promise<void> {
  await deps.events.publish(trainingCompleted, {
    version: 1,
    tenant_id: record.tenant_id,
    detector_id: record.id,
    model_id: record.id,
    dataset_id: record.dataset_id,
    algorithm: record.algorithm,
    completed_at: record.trained_at ?? new Date().toISOString(),
  });
}

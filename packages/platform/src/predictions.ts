/**
 * A trained detector's predictions kept as a detection run (`pred_…`), so the result id the
 * predict route answers opens at `GET /api/v1/detection/results/{id}` as seed 001 shows, and is
 * announced (`detection.completed`, with the detector) like any stored run.
 */
import { newId, type Principal } from '@pynomaly/core';
import { blobKeys, type DetectionRecord, type DetectorRecord } from '@pynomaly/store';
import { type Announces, announceDetection } from './announce';
import type { DetectedAnomaly, DetectionDeps } from './detection';
import type { Prediction } from './detectors';

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

export async function storePrediction(
  principal: Principal,
  detector: DetectorRecord,
  prediction: Prediction,
  datasetId: string | null,
  processingSeconds: number,
  deps: Pick<DetectionDeps, 'detections' | 'blobs'> & Announces,
): Promise<{ record: DetectionRecord; anomalies: DetectedAnomaly[] }> {
  const id = `pred_${newId()}`;
  const anomalies: DetectedAnomaly[] = prediction.scores
    .map((score, index) => ({
      id: `${id}_${index}`,
      score,
      index,
      features: Object.fromEntries(
        prediction.feature_names.map((f, j) => [f, prediction.rows[index]?.[j] ?? null]),
      ),
    }))
    .filter((a) => prediction.predictions[a.index] === 1)
    .sort((a, b) => b.score - a.score || a.index - b.index);
  const now = new Date().toISOString();
  const n = prediction.scores.length;
  const record: DetectionRecord = {
    id,
    tenant_id: principal.tenantId,
    user_id: principal.userId,
    dataset_id: datasetId,
    algorithm: detector.algorithm,
    parameters: detector.parameters ?? {},
    detector_id: detector.id,
    status: 'completed',
    n_samples: n,
    anomaly_count: anomalies.length,
    anomaly_rate: n === 0 ? 0 : r6(anomalies.length / n),
    threshold: prediction.threshold,
    expected_false_positives: prediction.expected_false_positives,
    processing_time: processingSeconds,
    results_key: blobKeys.detectionResults(principal.tenantId, id),
    batch_id: null,
    error_message: null,
    created_at: now,
    completed_at: now,
  };
  await deps.blobs.put(
    record.results_key,
    JSON.stringify({ features: prediction.feature_names, anomalies, scores: prediction.scores }),
    { contentType: 'application/json' },
  );
  if (await deps.detections.putFinished(record)) await announceDetection(record, deps);
  return { record, anomalies };
}

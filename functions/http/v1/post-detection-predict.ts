import { answer, httpHandler, parseJsonBody, principalOf } from '@pynomaly/core';
import { predict, storePrediction } from '@pynomaly/platform';
import { detectionPredictAnswer, detectionPredictBody } from '../schemas/detection';
import { announcing, modelDeps } from './deps';

const deps = { ...modelDeps(), ...announcing() };

/**
 * Seed 001's detection with a trained detector: the anomalies, highest score first, kept as a
 * detection result (`result_id`) that `GET /api/v1/detection/results/{id}` opens.
 */
export const handler = httpHandler(async (event) => {
  const started = performance.now();
  const principal = principalOf(event);
  const request = parseJsonBody(event, detectionPredictBody);
  const record = await deps.detectors.get(principal.tenantId, request.detector_id);
  const result = await predict(principal, record, request, deps);
  const { record: stored, anomalies } = await storePrediction(
    principal,
    record,
    result,
    request.dataset_id ?? null,
    Math.round(performance.now() - started) / 1000,
    deps,
  );
  return answer(200, detectionPredictAnswer, {
    result_id: stored.id,
    detector_id: record.id,
    dataset_id: stored.dataset_id,
    anomalies_count: anomalies.length,
    anomalies: anomalies.map(({ index, score, features }) => ({
      index,
      score,
      confidence: Math.round(Math.min(1, Math.abs(score - result.threshold) * 2 + 0.5) * 1e4) / 1e4,
      features,
    })),
    execution_time_seconds: stored.processing_time,
    created_at: stored.created_at,
  });
});

import { answer, httpHandler, newId, parseJsonBody, principalOf } from '@pynomaly/core';
import { predict } from '@pynomaly/platform';
import { detectionPredictAnswer, detectionPredictBody } from '../schemas/detection';
import { modelDeps } from './deps';

const deps = modelDeps();

/** Seed 001's detection with a trained detector: the anomalies, highest score first. */
export const handler = httpHandler(async (event) => {
  const started = performance.now();
  const principal = principalOf(event);
  const request = parseJsonBody(event, detectionPredictBody);
  const record = await deps.detectors.get(principal.tenantId, request.detector_id);
  const result = await predict(principal, record, request, deps);
  const anomalies = result.scores
    .map((score, index) => ({
      index,
      score,
      confidence: Math.round(Math.min(1, Math.abs(score - result.threshold) * 2 + 0.5) * 1e4) / 1e4,
      features: Object.fromEntries(result.feature_names.map((f, j) => [f, result.rows[index]?.[j] ?? null])),
    }))
    .filter((a) => result.predictions[a.index] === 1)
    .sort((a, b) => b.score - a.score);
  return answer(200, detectionPredictAnswer, {
    result_id: `pred_${newId()}`,
    detector_id: record.id,
    dataset_id: request.dataset_id ?? null,
    anomalies_count: anomalies.length,
    anomalies,
    execution_time_seconds: Math.round(performance.now() - started) / 1000,
    created_at: new Date().toISOString(),
  });
});

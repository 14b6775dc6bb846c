import { answer, httpHandler, parseJsonBody, pathParam, principalOf } from '@pynomaly/core';
import { predict } from '@pynomaly/platform';
import { modelPredictionAnswer, predictBody } from '../schemas/detectors';
import { modelDeps } from './deps';

const deps = modelDeps();

/** Seed 002: `predictions` (1 = anomaly) and `scores` for new rows, from the saved model. */
export const handler = httpHandler(async (event) => {
  const started = performance.now();
  const principal = principalOf(event);
  const record = await deps.detectors.get(principal.tenantId, pathParam(event, 'id'));
  const { predictions, scores, threshold, feature_names } = await predict(
    principal,
    record,
    parseJsonBody(event, predictBody),
    deps,
  );
  const processingTime = Math.round(performance.now() - started) / 1000;
  return answer(200, modelPredictionAnswer, {
    model_id: record.id,
    feature_names,
    threshold,
    predictions,
    scores,
    processing_time: processingTime,
  });
});

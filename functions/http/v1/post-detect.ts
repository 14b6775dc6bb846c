import { answer, httpHandler, parseJsonBody, principalOf } from '@pynomaly/core';
import { detectionDocument, detectOrQueue } from '@pynomaly/platform';
import { detectBody, detectionAnswer, detectionQueuedAnswer } from '../schemas/detection';
import { announcing, platformDeps } from './deps';

const deps = { ...platformDeps(), ...announcing() };

/** 200 with the anomalies, or 202 with the queued run to poll at `result_url`. */
export const handler = httpHandler(async (event) => {
  const outcome = await detectOrQueue(principalOf(event), parseJsonBody(event, detectBody), deps);
  if (outcome.queued) {
    const { anomalies: _, ...queued } = detectionDocument(outcome.record, []);
    return answer(202, detectionQueuedAnswer, {
      ...queued,
      result_url: `/api/v1/detection/results/${outcome.record.id}`,
    });
  }
  return answer(200, detectionAnswer, detectionDocument(outcome.record, outcome.anomalies));
});

import { answer, httpHandler, parseQuery, principalOf } from '@pynomaly/core';
import { detectionDocument } from '@pynomaly/platform';
import { detectionResultsAnswer, detectionResultsQuery } from '../schemas/detection';
import { platformDeps } from './deps';

const deps = platformDeps();

/** Recent runs, newest first, without their anomaly lists. */
export const handler = httpHandler(async (event) => {
  const runs = await deps.detections.list(
    principalOf(event).tenantId,
    parseQuery(event, detectionResultsQuery).limit,
  );
  return answer(200, detectionResultsAnswer, {
    results: runs.map((r) => {
      const { anomalies: _, ...summary } = detectionDocument(r, []);
      return summary;
    }),
  });
});

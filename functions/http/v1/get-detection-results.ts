import { httpHandler, json, parseQuery, principalOf } from '@pynomaly/core';
import { detectionDocument } from '@pynomaly/platform';
import { detectionResultsQuery } from '../schemas/detection';
import { platformDeps } from './deps';

const deps = platformDeps();

/** Recent runs, newest first, without their anomaly lists. */
export const handler = httpHandler(async (event) => {
  const runs = await deps.detections.list(
    principalOf(event).tenantId,
    parseQuery(event, detectionResultsQuery).limit,
  );
  return json(200, {
    results: runs.map((r) => {
      const { anomalies: _, ...summary } = detectionDocument(r, []);
      return summary;
    }),
  });
});

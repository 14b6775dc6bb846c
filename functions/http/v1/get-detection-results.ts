import { httpHandler, json, parseQuery, principalOf } from '@pynomaly/core';
import { detectionDocument } from '@pynomaly/platform';
import { z } from 'zod';
import { platformDeps } from './deps';

const deps = platformDeps();
const query = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/** Recent runs, newest first, without their anomaly lists. */
export const handler = httpHandler(async (event) => {
  const runs = await deps.detections.list(principalOf(event).tenantId, parseQuery(event, query).limit);
  return json(200, {
    results: runs.map((r) => {
      const { anomalies: _, ...summary } = detectionDocument(r, []);
      return summary;
    }),
  });
});

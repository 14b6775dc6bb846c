import { httpHandler, json, parseJsonBody, pathParam, principalOf } from '@pynomaly/core';
import { datasetDocument } from '@pynomaly/platform';
import { z } from 'zod';
import { platformDeps } from './deps';

const deps = platformDeps();
const body = z
  .object({
    name: z.string().min(1).max(200).optional(),
    description: z.string().max(2000).nullable().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const handler = httpHandler(async (event) => {
  const changes = parseJsonBody(event, body);
  const record = await deps.datasets.update(principalOf(event).tenantId, pathParam(event, 'id'), {
    ...changes,
    updated_at: new Date().toISOString(),
  });
  return json(200, datasetDocument(record));
});

import { datasetSummary } from '@pynomaly/analysis';
import { httpHandler, json, parseQuery, principalOf } from '@pynomaly/core';
import { DatasetRepository } from '@pynomaly/store';
import { z } from 'zod';

const datasets = new DatasetRepository();
const query = z.object({
  status: z.enum(['uploaded', 'parsing', 'parsed', 'analyzing', 'completed', 'error']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const { status, limit } = parseQuery(event, query);
  return json(200, (await datasets.list(tenantId, { status, limit })).map(datasetSummary));
});

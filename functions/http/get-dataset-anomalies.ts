import { anomalyDocument } from '@pynomaly/analysis';
import { httpHandler, json, parseQuery, pathParam, principalOf } from '@pynomaly/core';
import { AnomalyRepository, DatasetRepository } from '@pynomaly/store';
import { z } from 'zod';

const datasets = new DatasetRepository();
const anomalies = new AnomalyRepository();
const query = z.object({
  status: z.enum(['detected', 'triaging', 'triaged', 'resolved', 'false_positive']).optional(),
  min_score: z.coerce.number().min(0).max(1).optional(),
});

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const { status, min_score: minScore } = parseQuery(event, query);
  const dataset = await datasets.get(tenantId, pathParam(event, 'id'));
  return json(
    200,
    (await anomalies.listByDataset(tenantId, dataset.id, { status, minScore })).map(anomalyDocument),
  );
});

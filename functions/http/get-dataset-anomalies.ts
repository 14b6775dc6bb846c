import { anomalyDocument } from '@pynomaly/analysis';
import { httpHandler, json, parseQuery, pathParam, principalOf } from '@pynomaly/core';
import { AnomalyRepository, DatasetRepository } from '@pynomaly/store';
import { datasetAnomaliesQuery } from './schemas/triage';

const datasets = new DatasetRepository();
const anomalies = new AnomalyRepository();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const { status, min_score: minScore } = parseQuery(event, datasetAnomaliesQuery);
  const dataset = await datasets.get(tenantId, pathParam(event, 'id'));
  return json(
    200,
    (await anomalies.listByDataset(tenantId, dataset.id, { status, minScore })).map(anomalyDocument),
  );
});

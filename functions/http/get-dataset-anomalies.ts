import { anomalyDocument } from '@pynomaly/analysis';
import { answer, httpHandler, parseQuery, pathParam, principalOf } from '@pynomaly/core';
import { AnomalyRepository, DatasetRepository } from '@pynomaly/store';
import { datasetAnomaliesQuery } from './schemas/triage';
import { anomalyListAnswer } from './schemas/triage-answers';

const datasets = new DatasetRepository();
const anomalies = new AnomalyRepository();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const { status, min_score: minScore } = parseQuery(event, datasetAnomaliesQuery);
  const dataset = await datasets.get(tenantId, pathParam(event, 'id'));
  return answer(
    200,
    anomalyListAnswer,
    (await anomalies.listByDataset(tenantId, dataset.id, { status, minScore })).map(anomalyDocument),
  );
});

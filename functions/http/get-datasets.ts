import { datasetSummary } from '@pynomaly/analysis';
import { answer, httpHandler, parseQuery, principalOf } from '@pynomaly/core';
import { DatasetRepository } from '@pynomaly/store';
import { datasetsQuery } from './schemas/triage';
import { workbookListAnswer } from './schemas/triage-answers';

const datasets = new DatasetRepository();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const { status, limit } = parseQuery(event, datasetsQuery);
  return answer(
    200,
    workbookListAnswer,
    (await datasets.list(tenantId, { status, limit })).map(datasetSummary),
  );
});

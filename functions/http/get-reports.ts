import { reportSummary } from '@pynomaly/analysis';
import { answer, httpHandler, parseQuery, principalOf } from '@pynomaly/core';
import { ReportRepository } from '@pynomaly/store';
import { reportsQuery } from './schemas/triage';
import { reportListAnswer } from './schemas/triage-answers';

const reports = new ReportRepository();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const q = parseQuery(event, reportsQuery);
  const found = await reports.list(tenantId, {
    status: q.status,
    datasetId: q.dataset_id,
    severity: q.severity,
    limit: q.limit,
  });
  return answer(200, reportListAnswer, found.map(reportSummary));
});

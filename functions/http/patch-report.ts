import { updateReport } from '@pynomaly/analysis';
import { answer, httpHandler, parseJsonBody, pathParam, principalOf } from '@pynomaly/core';
import {
  AnomalyRepository,
  DatasetRepository,
  FeedbackRepository,
  ProductEventPublisher,
  ReportRepository,
} from '@pynomaly/store';
import { reportWithHistoryBody } from './report-document';
import { reportChangesBody } from './schemas/triage';
import { reportWithHistoryAnswer } from './schemas/triage-answers';

const deps = {
  anomalies: new AnomalyRepository(),
  datasets: new DatasetRepository(),
  reports: new ReportRepository(),
  feedback: new FeedbackRepository(),
  events: new ProductEventPublisher(),
};

export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const changes = parseJsonBody(event, reportChangesBody);
  const report = await updateReport(principal, pathParam(event, 'id'), changes, deps);
  return answer(
    200,
    reportWithHistoryAnswer,
    reportWithHistoryBody(report, await deps.reports.history(principal.tenantId, report.id)),
  );
});

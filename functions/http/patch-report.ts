import { reportDocument, updateReport } from '@pynomaly/analysis';
import { httpHandler, json, parseJsonBody, pathParam, principalOf } from '@pynomaly/core';
import {
  AnomalyRepository,
  DatasetRepository,
  FeedbackRepository,
  ProductEventPublisher,
  ReportRepository,
} from '@pynomaly/store';
import { reportChangesBody } from './schemas/triage';

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
  return json(200, reportDocument(report, await deps.reports.history(principal.tenantId, report.id)));
});

import { reportDocument, updateReport } from '@pynomaly/analysis';
import { httpHandler, json, parseJsonBody, pathParam, principalOf } from '@pynomaly/core';
import { AnomalyRepository, ReportRepository } from '@pynomaly/store';
import { reportChangesBody } from './schemas/triage';

const deps = { anomalies: new AnomalyRepository(), reports: new ReportRepository() };

export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const changes = parseJsonBody(event, reportChangesBody);
  return json(200, reportDocument(await updateReport(principal, pathParam(event, 'id'), changes, deps)));
});

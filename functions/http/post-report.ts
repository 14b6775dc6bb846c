import { createReport, reportDocument } from '@pynomaly/analysis';
import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { AnomalyRepository, DatasetRepository, ReportRepository } from '@pynomaly/store';
import { newReportBody } from './schemas/triage';

const deps = {
  anomalies: new AnomalyRepository(),
  datasets: new DatasetRepository(),
  reports: new ReportRepository(),
};

export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  return json(201, reportDocument(await createReport(principal, parseJsonBody(event, newReportBody), deps)));
});

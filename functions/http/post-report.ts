import { createReport, reportDocument } from '@pynomaly/analysis';
import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { AnomalyRepository, DatasetRepository, ReportRepository } from '@pynomaly/store';
import { configuredNarrator } from '@pynomaly/triage';
import { newReportBody } from './schemas/triage';

const deps = {
  anomalies: new AnomalyRepository(),
  datasets: new DatasetRepository(),
  reports: new ReportRepository(),
  // Past the tenant's token budget the request answers 429 with Retry-After.
  narrator: configuredNarrator('refuse'),
};

export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  return json(201, reportDocument(await createReport(principal, parseJsonBody(event, newReportBody), deps)));
});

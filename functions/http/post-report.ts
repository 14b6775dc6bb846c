import { createReport, reportDocument } from '@pynomaly/analysis';
import { httpHandler, json, parseJsonBody, principalOf } from '@pynomaly/core';
import { AnomalyRepository, DatasetRepository, ReportRepository } from '@pynomaly/store';
import { z } from 'zod';
import { reportChanges } from './report-changes';

const deps = {
  anomalies: new AnomalyRepository(),
  datasets: new DatasetRepository(),
  reports: new ReportRepository(),
};
const body = reportChanges.extend({ anomaly_id: z.string().min(1).max(64) });

export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  return json(201, reportDocument(await createReport(principal, parseJsonBody(event, body), deps)));
});

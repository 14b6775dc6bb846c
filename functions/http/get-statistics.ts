import { statistics } from '@pynomaly/analysis';
import { httpHandler, json, principalOf } from '@pynomaly/core';
import { AnomalyRepository, DatasetRepository, ReportRepository } from '@pynomaly/store';

const deps = {
  datasets: new DatasetRepository(),
  anomalies: new AnomalyRepository(),
  reports: new ReportRepository(),
};

export const handler = httpHandler(async (event) =>
  json(200, await statistics(principalOf(event).tenantId, deps)),
);

import { statistics } from '@pynomaly/analysis';
import { answer, httpHandler, principalOf } from '@pynomaly/core';
import {
  AnomalyRepository,
  DatasetRepository,
  ReportRepository,
  type ReportStatus,
  type Severity,
} from '@pynomaly/store';
import { statisticsAnswer } from './schemas/triage-answers';

const deps = {
  datasets: new DatasetRepository(),
  anomalies: new AnomalyRepository(),
  reports: new ReportRepository(),
};

export const handler = httpHandler(async (event) => {
  const totals = await statistics(principalOf(event).tenantId, deps);
  // Built with Object.fromEntries over every severity and status, so each key is there.
  return answer(200, statisticsAnswer, {
    ...totals,
    by_severity: totals.by_severity as Record<Severity, number>,
    by_status: totals.by_status as Record<ReportStatus, number>,
  });
});

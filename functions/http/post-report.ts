import { createReport } from '@pynomaly/analysis';
import { answer, httpHandler, parseJsonBody, principalOf } from '@pynomaly/core';
import { AnomalyRepository, DatasetRepository, ReportRepository } from '@pynomaly/store';
import { configuredNarrator } from '@pynomaly/triage';
import { reportBody } from './report-document';
import { newReportBody } from './schemas/triage';
import { reportAnswer } from './schemas/triage-answers';

const deps = {
  anomalies: new AnomalyRepository(),
  datasets: new DatasetRepository(),
  reports: new ReportRepository(),
  // Past the tenant's token budget the request answers 429 with Retry-After.
  narrator: configuredNarrator('refuse'),
};

export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  return answer(
    201,
    reportAnswer,
    reportBody(await createReport(principal, parseJsonBody(event, newReportBody), deps)),
  );
});

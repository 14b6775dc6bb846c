import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { ReportRepository } from '@pynomaly/store';
import { reportWithHistoryBody } from './report-document';
import { reportWithHistoryAnswer } from './schemas/triage-answers';

const reports = new ReportRepository();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const id = pathParam(event, 'id');
  const report = await reports.get(tenantId, id);
  return answer(
    200,
    reportWithHistoryAnswer,
    reportWithHistoryBody(report, await reports.history(tenantId, id)),
  );
});

import { reportDocument } from '@pynomaly/analysis';
import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { ReportRepository } from '@pynomaly/store';

const reports = new ReportRepository();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const id = pathParam(event, 'id');
  const report = await reports.get(tenantId, id);
  return json(200, reportDocument(report, await reports.history(tenantId, id)));
});

import { reportDocument } from '@pynomaly/analysis';
import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';
import { ReportRepository } from '@pynomaly/store';

const reports = new ReportRepository();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  return json(200, reportDocument(await reports.get(tenantId, pathParam(event, 'id'))));
});

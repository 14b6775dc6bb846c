import { httpHandler, noContent, pathParam, principalOf } from '@pynomaly/core';
import { ReportRepository } from '@pynomaly/store';

const reports = new ReportRepository();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  await reports.remove(tenantId, pathParam(event, 'id'));
  return noContent();
});

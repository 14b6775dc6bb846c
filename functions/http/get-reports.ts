import { reportSummary } from '@pynomaly/analysis';
import { httpHandler, json, parseQuery, principalOf } from '@pynomaly/core';
import { ReportRepository } from '@pynomaly/store';
import { z } from 'zod';

const reports = new ReportRepository();
const query = z.object({
  status: z.enum(['pending_triage', 'triaged', 'under_review', 'resolved', 'false_positive']).optional(),
  dataset_id: z.string().min(1).max(64).optional(),
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const q = parseQuery(event, query);
  const found = await reports.list(tenantId, {
    status: q.status,
    datasetId: q.dataset_id,
    severity: q.severity,
    limit: q.limit,
  });
  return json(200, found.map(reportSummary));
});

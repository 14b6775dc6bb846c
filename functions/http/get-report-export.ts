import { reportDocument } from '@pynomaly/analysis';
import { fileDownload, httpHandler, parseQuery, pathParam, principalOf } from '@pynomaly/core';
import { contentDisposition, exportReport } from '@pynomaly/reports';
import { AnomalyRepository, ReportRepository } from '@pynomaly/store';
import { reportExportQuery } from './schemas/triage';

const reports = new ReportRepository();
const anomalies = new AnomalyRepository();

/**
 * GET /api/anomaly/anomaly-reports/{id}/export?format=json|excel|pdf: the report as a file,
 * answered inline. Every export of a report is bounded far below Lambda's 6 MB answer (the
 * triage by its schema, the anomaly by DynamoDB's 400 KB item, the PDF by its own limits;
 * packages/reports/src/pdf.test.ts renders the largest), so unlike POST /api/v1/export this
 * GET route stages nothing in S3 and writes nothing (test/infra/least-privilege.test.ts).
 */
export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const { format } = parseQuery(event, reportExportQuery);
  const report = await reports.get(tenantId, pathParam(event, 'id'));
  const anomaly = report.anomaly_id
    ? await anomalies.get(tenantId, report.anomaly_id).catch(() => null)
    : null;
  const file = await exportReport(reportDocument(report), anomaly, format, {
    dataset_filename: report.dataset_filename,
  });
  return fileDownload(file.body, file.contentType, contentDisposition(file.filename));
});

import { reportDocument } from '@pynomaly/analysis';
import { fileDownload, httpHandler, parseQuery, pathParam, principalOf } from '@pynomaly/core';
import { contentDisposition, exportReport } from '@pynomaly/reports';
import { AnomalyRepository, ReportRepository } from '@pynomaly/store';
import { reportExportQuery } from './schemas/triage';

const reports = new ReportRepository();
const anomalies = new AnomalyRepository();

export const handler = httpHandler(async (event) => {
  const { tenantId } = principalOf(event);
  const { format } = parseQuery(event, reportExportQuery);
  const report = await reports.get(tenantId, pathParam(event, 'id'));
  const anomaly = report.anomaly_id
    ? await anomalies.get(tenantId, report.anomaly_id).catch(() => null)
    : null;
  const file = await exportReport(reportDocument(report), anomaly, format);
  return fileDownload(file.body, file.contentType, contentDisposition(file.filename));
});

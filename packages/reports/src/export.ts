import { ValidationError } from '../../core/src/errors';
import type { AnomalyEvidence } from '../../triage/src';
import { renderWorkbook } from './excel';
import { type PdfContext, renderReportPdf } from './pdf';
import { EXPORT_FORMATS, type ExportedFile, type ExportFormat, type ReportDocument } from './types';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Validates the `format` query parameter.
 * @throws ValidationError for anything but 'json', 'excel' or 'pdf'.
 */
export function parseExportFormat(value: unknown): ExportFormat {
  const found = EXPORT_FORMATS.find((f) => f === value);
  if (found) return found;
  throw new ValidationError('Unsupported export format', [
    { field: 'format', message: `must be one of ${EXPORT_FORMATS.map((f) => `'${f}'`).join(', ')}` },
  ]);
}

/** `anomaly-report-<id>`, keeping only characters that are safe in any file system. */
function baseName(report: ReportDocument): string {
  const id = String(report._id)
    .replace(/[^A-Za-z0-9_-]/g, '')
    .slice(0, 64);
  return `anomaly-report-${id || 'unknown'}`;
}

/**
 * Renders a report for download. The anomaly is optional context for the Excel "Anomaly"
 * sheet and the PDF's evidence; the JSON export is the report record alone. `context` adds
 * what the PDF summary shows beyond the record (the dataset's file name).
 * @throws ValidationError for an unknown format.
 */
export async function exportReport(
  report: ReportDocument,
  anomaly: AnomalyEvidence | null,
  format: ExportFormat,
  context: PdfContext = {},
): Promise<ExportedFile> {
  switch (parseExportFormat(format)) {
    case 'json':
      return {
        body: Buffer.from(`${JSON.stringify(report, null, 2)}\n`, 'utf8'),
        contentType: 'application/json; charset=utf-8',
        filename: `${baseName(report)}.json`,
      };
    case 'excel':
      return {
        body: await renderWorkbook(report, anomaly),
        contentType: XLSX_TYPE,
        filename: `${baseName(report)}.xlsx`,
      };
    case 'pdf':
      return {
        body: await renderReportPdf(report, anomaly, context),
        contentType: 'application/pdf',
        filename: `${baseName(report)}.pdf`,
      };
  }
}

export { MAX_CELL_CHARS, neutralizeCell, xlsxText } from './cells';
export { contentDisposition } from './content-disposition';
export { exportReport, parseExportFormat } from './export';
export { type PdfContext, renderReportPdf } from './pdf';
export {
  type ExportTable,
  exportTable,
  TABLE_EXPORT_FORMATS,
  type TableCell,
  type TableExportFormat,
} from './tables';
export {
  EXPORT_FORMATS,
  type ExportedFile,
  type ExportFormat,
  REPORT_STATUSES,
  type ReportDocument,
  type ReportStatus,
} from './types';

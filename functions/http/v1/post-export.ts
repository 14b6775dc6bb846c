import {
  fileDownload,
  httpHandler,
  parseJsonBody,
  pathParam,
  principalOf,
  ValidationError,
} from '@pynomaly/core';
import { exportSource } from '@pynomaly/platform';
import {
  contentDisposition,
  exportTable,
  TABLE_EXPORT_FORMATS,
  type TableExportFormat,
} from '@pynomaly/reports';
import { exportBody } from '../schemas/export';
import { platformDeps } from './deps';

const deps = platformDeps();

/** POST /api/v1/export/{format}: a detection's anomalies or a dataset as CSV, Excel or JSON. */
export const handler = httpHandler(async (event) => {
  const format = pathParam(event, 'format');
  if (!TABLE_EXPORT_FORMATS.some((f) => f.format === format)) {
    throw new ValidationError(`Unknown export format '${format}'`, [
      { field: 'format', message: TABLE_EXPORT_FORMATS.map((f) => f.format).join(', ') },
    ]);
  }
  const table = await exportSource(principalOf(event), parseJsonBody(event, exportBody), deps);
  const file = await exportTable(table, format as TableExportFormat);
  return fileDownload(file.body, file.contentType, contentDisposition(file.filename));
});

import {
  downloadRedirect,
  fileDownload,
  httpHandler,
  parseJsonBody,
  pathParam,
  principalOf,
  ValidationError,
} from '@pynomaly/core';
import { exportSource, stagedDownload } from '@pynomaly/platform';
import {
  contentDisposition,
  exportTable,
  TABLE_EXPORT_FORMATS,
  type TableExportFormat,
} from '@pynomaly/reports';
import { exportBody } from '../schemas/export';
import { platformDeps } from './deps';

const deps = platformDeps();

/**
 * POST /api/v1/export/{format}: a detection's anomalies or a dataset as CSV, Excel or JSON; a
 * file too large for Lambda's answer is a 303 to a signed URL of it.
 */
export const handler = httpHandler(async (event) => {
  const format = pathParam(event, 'format');
  if (!TABLE_EXPORT_FORMATS.some((f) => f.format === format)) {
    throw new ValidationError(`Unknown export format '${format}'`, [
      { field: 'format', message: TABLE_EXPORT_FORMATS.map((f) => f.format).join(', ') },
    ]);
  }
  const table = await exportSource(principalOf(event), parseJsonBody(event, exportBody), deps);
  const file = await exportTable(table, format as TableExportFormat);
  const disposition = contentDisposition(file.filename);
  const staged = await stagedDownload(
    principalOf(event),
    { body: file.body, contentType: file.contentType, contentDisposition: disposition },
    deps.blobs,
  );
  return staged
    ? downloadRedirect(staged.url, staged.expiresIn)
    : fileDownload(file.body, file.contentType, disposition);
});

import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * Writes a workbook through exceljs's streaming writer (writeBuffer would hold the whole zip
 * model) and hands back its bytes. Shared strings keep every text cell `t="s"`; without them
 * exceljs writes `t="str"`, a formula-result type.
 */
export async function workbookBuffer(
  write: (wb: ExcelJS.stream.xlsx.WorkbookWriter) => void,
  options: { useStyles: boolean },
): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: options.useStyles,
    useSharedStrings: true,
  });
  wb.creator = 'Pynomaly';
  write(wb);
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}

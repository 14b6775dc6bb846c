import { stringify } from 'csv-stringify/sync';
import { neutralizeCell, xlsxText } from './cells';
import { workbookBuffer } from './workbook-buffer';

export type TableCell = string | number | boolean | null;

/** A table to download: a dataset's rows or a detection's anomalies. */
export interface ExportTable {
  name: string;
  columns: string[];
  rows: TableCell[][];
}

export const TABLE_EXPORT_FORMATS = [
  {
    format: 'csv',
    content_type: 'text/csv; charset=utf-8',
    extension: 'csv',
    description: 'Comma-separated values (RFC 4180), formula-safe',
  },
  {
    format: 'excel',
    content_type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    description: 'Excel workbook, text cells never formulas',
  },
  {
    format: 'json',
    content_type: 'application/json',
    extension: 'json',
    description: '{ columns, rows } as JSON',
  },
] as const;
export type TableExportFormat = (typeof TABLE_EXPORT_FORMATS)[number]['format'];

// The name may be any language: contentDisposition() makes it header-safe and carries it in
// RFC 5987 `filename*`, so only what would make a path of it goes here.
const safeName = (name: string) =>
  Array.from(name.replace(/[/\\]+/g, '_'))
    .slice(0, 100)
    .join('') || 'export';

/**
 * CSV with every text cell neutralised against formula injection (a leading `'`) and quoted:
 * a spreadsheet splits records at a bare LF even with CRLF record delimiters, so an unquoted
 * `a\n=1` would open a new row with a live formula.
 */
function toCsv(table: ExportTable): Buffer {
  const rows = [
    table.columns.map((c) => neutralizeCell(c)),
    ...table.rows.map((r) => r.map((c) => (typeof c === 'string' ? neutralizeCell(c) : c))),
  ];
  return Buffer.from(
    stringify(rows, {
      record_delimiter: 'windows',
      quoted_string: true,
      cast: { boolean: (v) => String(v) },
    }),
    'utf8',
  );
}

/** XLSX through the streaming writer; text stays text (shared strings), never a formula. */
async function toExcel(table: ExportTable): Promise<Buffer> {
  const cell = (v: TableCell) => (typeof v === 'string' ? xlsxText(neutralizeCell(v)) : v);
  return workbookBuffer(
    (wb) => {
      const ws = wb.addWorksheet(xlsxText(table.name).slice(0, 31) || 'Export');
      ws.addRow(table.columns.map(cell)).commit();
      for (const row of table.rows) ws.addRow(row.map(cell)).commit();
      ws.commit();
    },
    { useStyles: false },
  );
}

/** A table as a downloadable file. */
export async function exportTable(
  table: ExportTable,
  format: TableExportFormat,
): Promise<{ body: Buffer; contentType: string; filename: string }> {
  const spec = TABLE_EXPORT_FORMATS.find((f) => f.format === format) ?? TABLE_EXPORT_FORMATS[2];
  const body =
    format === 'csv'
      ? toCsv(table)
      : format === 'excel'
        ? await toExcel(table)
        : Buffer.from(JSON.stringify({ columns: table.columns, rows: table.rows }, null, 2));
  return { body, contentType: spec.content_type, filename: `${safeName(table.name)}.${spec.extension}` };
}

/** Results on stdout as a table, JSON or CSV (`--format`); messages go to stderr. */
export type Format = 'table' | 'json' | 'csv';

type Record_ = Record<string, unknown>;

const cell = (value: unknown): string =>
  value === null || value === undefined
    ? ''
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

/** The columns of `rows`: `columns` if given, else every key in first-seen order. */
function columnsOf(rows: Record_[], columns?: string[]): string[] {
  if (columns) return columns;
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

const csvCell = (value: unknown): string => {
  const text = cell(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export function renderRows(rows: Record_[], format: Format, columns?: string[]): string {
  if (format === 'json') return JSON.stringify(rows, null, 2);
  const keys = columnsOf(rows, columns);
  if (format === 'csv')
    return [keys.join(','), ...rows.map((r) => keys.map((k) => csvCell(r[k])).join(','))].join('\n');
  if (rows.length === 0) return '(none)';
  const widths = keys.map((k) => Math.min(60, Math.max(k.length, ...rows.map((r) => cell(r[k]).length))));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.slice(0, 60).padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(keys.map((k) => k.toUpperCase())), ...rows.map((r) => line(keys.map((k) => cell(r[k]))))].join(
    '\n',
  );
}

/** One record: JSON as is, a table as key/value lines, CSV as one row. */
export function renderRecord(record: Record_, format: Format): string {
  if (format === 'json') return JSON.stringify(record, null, 2);
  if (format === 'csv') return renderRows([record], 'csv');
  const width = Math.max(...Object.keys(record).map((k) => k.length));
  return Object.entries(record)
    .map(([k, v]) => `${k.padEnd(width)}  ${cell(v)}`)
    .join('\n');
}

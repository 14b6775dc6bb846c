import { Readable } from 'node:stream';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '@pynomaly/core';
import { parse } from 'csv-parse';
import type { Cell } from './xlsx-cells';
import { readWorkbook } from './xlsx-reader';

/** A table of a dataset: column names and rows aligned to them. */
export interface Table {
  features: string[];
  rows: Cell[][];
}

export type TableFormat = 'csv' | 'json' | 'xlsx';

export interface TableOptions {
  format: TableFormat;
  /** CSV field separator. @default ',' */
  separator?: string;
  /** CSV: the first record names the columns. @default true */
  hasHeader?: boolean;
  /** @default 1,000,000 */
  maxRows?: number;
}

const PLAIN_NUMBER = /^[+-]?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$|^[+-]?0?\.\d+([eE][+-]?\d+)?$/;

/** A CSV field as a number when it is written as one (`00123` and `0x1A` stay text). */
export function typedField(field: string): Cell {
  const trimmed = field.trim();
  if (trimmed === '') return null;
  if (PLAIN_NUMBER.test(trimmed)) return Number(trimmed);
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  return field;
}

/** The format a file name or content type says. */
export function tableFormatOf(filename: string, contentType = ''): TableFormat {
  const name = filename.toLowerCase();
  if (name.endsWith('.csv') || name.endsWith('.tsv') || contentType.includes('csv')) return 'csv';
  if (name.endsWith('.json') || contentType.includes('json')) return 'json';
  if (name.endsWith('.xlsx')) return 'xlsx';
  throw new UnsupportedMediaTypeError('Unsupported file type: upload .csv, .json or .xlsx');
}

const columnNames = (width: number) => Array.from({ length: width }, (_, i) => `feature_${i}`);

function tooMany(maxRows: number) {
  return new PayloadTooLargeError(`The table has more than ${maxRows} rows`);
}

async function readCsv(body: Buffer, options: TableOptions, maxRows: number): Promise<Table> {
  const parser = Readable.from(body).pipe(
    parse({
      delimiter: options.separator ?? ',',
      bom: true,
      relax_column_count: false,
      skip_empty_lines: true,
      max_record_size: 1_048_576,
    }),
  );
  const rows: Cell[][] = [];
  let features: string[] | undefined;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!features && options.hasHeader !== false) {
        features = record.map((name, i) => name.trim() || `feature_${i}`);
        continue;
      }
      if (rows.length >= maxRows) throw tooMany(maxRows);
      rows.push(record.map(typedField));
    }
  } catch (error) {
    if (error instanceof PayloadTooLargeError) throw error;
    throw new ValidationError(`Malformed CSV: ${(error as Error).message}`, [
      { field: 'file', message: 'malformed CSV' },
    ]);
  }
  return { features: features ?? columnNames(rows[0]?.length ?? 0), rows };
}

function readJson(body: Buffer, maxRows: number): Table {
  let data: unknown;
  try {
    data = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ValidationError('The file is not valid JSON', [{ field: 'file', message: 'invalid JSON' }]);
  }
  const container = data as { data?: unknown; features?: unknown };
  const records = Array.isArray(data) ? data : container.data;
  if (!Array.isArray(records))
    throw new ValidationError('Expected an array of rows, or { "features", "data" }', [
      { field: 'file', message: 'no rows' },
    ]);
  if (records.length > maxRows) throw tooMany(maxRows);
  if (records.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r))) {
    const features = [...new Set(records.flatMap((r) => Object.keys(r as object)))];
    return {
      features,
      rows: records.map((r) => features.map((f) => toCell((r as Record<string, unknown>)[f]))),
    };
  }
  const rows = records.map((r) => (Array.isArray(r) ? r.map(toCell) : [toCell(r)]));
  const given = Array.isArray(container.features) ? container.features.map(String) : undefined;
  return { features: given ?? columnNames(rows[0]?.length ?? 0), rows };
}

function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return JSON.stringify(value);
}

async function readXlsx(body: Buffer, maxRows: number): Promise<Table> {
  let features: string[] = [];
  const rows: Cell[][] = [];
  await readWorkbook(
    Readable.from(body),
    {
      onSheet: (sheet) => {
        if (sheet.index === 0) features = sheet.headers;
      },
      onRow: (sheetIndex, row) => {
        if (sheetIndex === 0) rows.push(row);
      },
    },
    { maxRows },
  );
  return { features, rows };
}

/**
 * Reads a dataset file into a table. Rows must all be as wide as the header (a ragged row is
 * a 400 naming it); an empty table is a 400.
 */
export async function readTable(body: Buffer, options: TableOptions): Promise<Table> {
  const maxRows = options.maxRows ?? 1_000_000;
  const table =
    options.format === 'csv'
      ? await readCsv(body, options, maxRows)
      : options.format === 'json'
        ? readJson(body, maxRows)
        : await readXlsx(body, maxRows);
  assertRectangular(table);
  return table;
}

/** A table whose rows all have one cell per feature, and at least one row. */
export function assertRectangular(table: Table): void {
  if (table.rows.length === 0)
    throw new ValidationError('The dataset has no rows', [{ field: 'data', message: 'empty' }]);
  if (table.features.length === 0)
    throw new ValidationError('The dataset has no columns', [{ field: 'features', message: 'empty' }]);
  const ragged = table.rows.findIndex((r) => r.length !== table.features.length);
  if (ragged >= 0) {
    throw new ValidationError(
      `Row ${ragged} has ${table.rows[ragged]?.length} values where ${table.features.length} features are named`,
      [{ field: `data[${ragged}]`, message: `expected ${table.features.length} values` }],
    );
  }
}

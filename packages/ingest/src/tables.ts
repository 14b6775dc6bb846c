import { Readable } from 'node:stream';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '@pynomaly/core';
import { CsvError, parse } from 'csv-parse';
import { parquetMetadata, parquetRead, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { Cell } from './xlsx-cells';
import { readWorkbook } from './xlsx-reader';

/** A table of a dataset: column names and rows aligned to them. */
export interface Table {
  features: string[];
  rows: Cell[][];
  /** XLSX: columns where some cell is the text of a formula the file holds no result for. */
  formulaColumns?: string[];
}

export type TableFormat = 'csv' | 'json' | 'xlsx' | 'parquet';

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
  if (name.endsWith('.parquet') || contentType.includes('parquet')) return 'parquet';
  throw new UnsupportedMediaTypeError('Unsupported file type: upload .csv, .json, .xlsx or .parquet');
}

const columnNames = (width: number) => Array.from({ length: width }, (_, i) => `feature_${i}`);

function tooMany(maxRows: number) {
  return new PayloadTooLargeError(`The table has more than ${maxRows} rows`);
}

/** Receives a table as it streams: its columns once, then each row (awaited, for backpressure). */
export interface TableSink {
  onColumns(features: string[]): void;
  onRow(row: Cell[]): Promise<void> | void;
  /** XLSX, at the end, when some cells are formula text (`=…`) for want of a cached result. */
  onFormulaColumns?(columns: string[]): void;
}

/**
 * Streams CSV records to the sink; the first record names the columns unless `hasHeader` is
 * false. A quote inside an unquoted field (`1,x"y`) is kept as a character, as spreadsheets and
 * pandas read it; any other malformed CSV (an unclosed quote, a ragged record) is a 400.
 */
async function streamCsv(
  input: NodeJS.ReadableStream,
  options: TableOptions,
  maxRows: number,
  sink: TableSink,
): Promise<number> {
  let rows = 0;
  let named = false;
  try {
    const parser = (input as Readable).pipe(
      parse({
        delimiter: options.separator ?? ',',
        bom: true,
        relax_column_count: false,
        relax_quotes: true,
        skip_empty_lines: true,
        max_record_size: 1_048_576,
      }),
    );
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!named) {
        named = true;
        if (options.hasHeader !== false) {
          sink.onColumns(record.map((name, i) => name.trim() || `feature_${i}`));
          continue;
        }
        sink.onColumns(columnNames(record.length));
      }
      if (rows >= maxRows) throw tooMany(maxRows);
      rows++;
      await sink.onRow(record.map(typedField));
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw new ValidationError(`Malformed CSV: ${error.message}`, [
      { field: 'file', message: 'malformed CSV' },
    ]);
  }
  return rows;
}

/** Streams the first sheet of a workbook to the sink. */
async function streamXlsx(input: NodeJS.ReadableStream, maxRows: number, sink: TableSink): Promise<number> {
  let rows = 0;
  await readWorkbook(
    input,
    {
      onSheet: (sheet) => {
        if (sheet.index === 0) sink.onColumns(sheet.headers);
      },
      onRow: async (sheetIndex, row) => {
        if (sheetIndex !== 0) return;
        rows++;
        await sink.onRow(row);
      },
      onSheetEnd: (sheetIndex, _rows, formulaColumns) => {
        if (sheetIndex === 0 && formulaColumns.length > 0) sink.onFormulaColumns?.(formulaColumns);
      },
    },
    { maxRows },
  );
  return rows;
}

/**
 * Streams a dataset file row by row without holding it (JSON, which has no row framing, and
 * Parquet, whose footer comes last, are read whole and so capped by the caller's byte limit).
 * Returns the number of rows.
 */
export async function streamTable(
  input: NodeJS.ReadableStream,
  options: TableOptions,
  sink: TableSink,
): Promise<number> {
  const maxRows = options.maxRows ?? 1_000_000;
  if (options.format === 'csv') return streamCsv(input, options, maxRows, sink);
  if (options.format === 'xlsx') return streamXlsx(input, maxRows, sink);
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.from(chunk as Buffer));
  const body = Buffer.concat(chunks);
  const table = options.format === 'parquet' ? await readParquet(body, maxRows) : readJson(body, maxRows);
  sink.onColumns(table.features);
  for (const row of table.rows) await sink.onRow(row);
  return table.rows.length;
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

/** Parquet's typed values as cells: 64-bit integers as numbers, timestamps as ISO strings. */
function parquetCell(value: unknown): Cell {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return toCell(value);
}

/** A Parquet file's top-level columns and rows (every compression codec hyparquet knows). */
async function readParquet(body: Buffer, maxRows: number): Promise<Table> {
  const file = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
  let metadata: ReturnType<typeof parquetMetadata>;
  try {
    metadata = parquetMetadata(file);
  } catch (error) {
    throw new ValidationError(`Not a readable Parquet file: ${(error as Error).message}`, [
      { field: 'file', message: 'invalid Parquet' },
    ]);
  }
  if (Number(metadata.num_rows) > maxRows) throw tooMany(maxRows);
  const features = parquetSchema(metadata).children.map((c) => c.element.name);
  let rows: Cell[][] = [];
  await parquetRead({
    file,
    metadata,
    compressors,
    rowFormat: 'array',
    onComplete: (data: unknown[][]) => {
      rows = data.map((r) => r.map(parquetCell));
    },
  });
  return { features, rows };
}

function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * Reads a dataset file into a table. Rows must all be as wide as the header (a ragged row is
 * a 400 naming it); an empty table is a 400.
 */
export async function readTable(body: Buffer, options: TableOptions): Promise<Table> {
  const table: Table = { features: [], rows: [] };
  await streamTable(Readable.from(body), options, {
    onColumns: (features) => {
      table.features = features;
    },
    onRow: (row) => {
      table.rows.push(row);
    },
    onFormulaColumns: (columns) => {
      table.formulaColumns = columns;
    },
  });
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

/**
 * Streams an .xlsx workbook sheet by sheet and row by row into a caller's sink, in bounded
 * memory: the zip is pre-scanned (xlsx-guard), parts are inflated one at a time with their
 * declared sizes enforced, and only the shared strings are held for the whole read.
 */
import type { Readable } from 'node:stream';
import type { Row } from 'exceljs';
import { AppError, PayloadTooLargeError, UnprocessableError, ValidationError } from '../../core/src/errors';
import { withCause } from './cause';
import { ExcelParts } from './exceljs-parts';
import { spoolToTempFile } from './spool';
import { type Cell, type CellStats, headerNames, isBlank, toCell, uncachedFormula } from './xlsx-cells';
import { DEFAULT_XLSX_LIMITS, type OpenedXlsx, openXlsx, type XlsxLimits } from './xlsx-guard';

export type { Cell } from './xlsx-cells';

export interface SheetHeader {
  name: string;
  /** 0-based position among the workbook's worksheets. */
  index: number;
  /** Unique column keys from the sheet's first non-empty row; empty for a sheet with no rows. */
  headers: string[];
}

export interface WorkbookMeta {
  sheetNames: string[];
  sheetCount: number;
  /** Data rows (header rows and empty rows excluded) across all sheets. */
  totalRows: number;
}

/** Meta plus what the read had to alter: cells cut at 32,767 chars, cells outside the header span. */
export interface WorkbookReadResult extends WorkbookMeta {
  truncatedCells: number;
  /** Non-empty cells right of a sheet's last header column; rows are aligned to headers, so dropped. */
  unlabeledCells: number;
}

/** Receives a workbook as it streams. Returned promises are awaited, so a slow sink slows the read. */
export interface WorkbookSink {
  /** Once per sheet: when its header row is found, or at its end if it has no rows. */
  onSheet(sheet: SheetHeader): Promise<void> | void;
  /**
   * One data row, aligned to the sheet's headers (missing cells are null). A formula the file
   * holds no result for is its text, `=` and the formula (see `formulaColumns`).
   */
  onRow(sheetIndex: number, row: Cell[]): Promise<void> | void;
  /** `formulaColumns`: headers of the columns where some data cell is such formula text. */
  onSheetEnd?(sheetIndex: number, rowCount: number, formulaColumns: string[]): Promise<void> | void;
}

export interface ReadWorkbookLimits extends Partial<XlsxLimits> {
  /**
   * Rows across the whole workbook (default 1,000,000). Every `<row>` element counts, header
   * and blank rows too: reading them costs the same, and a file of blank rows is a bomb.
   */
  maxRows?: number;
  /** Header row width (default 16,384, Excel's own limit). */
  maxColumns?: number;
  /** workbook.xml, its rels and styles.xml become object models, so they get a tighter cap (32 MiB). */
  maxMetadataPartBytes?: number;
  /** sharedStrings.xml is held in memory for the whole read (128 MiB, 4,000,000 strings). */
  maxSharedStringsBytes?: number;
  maxSharedStrings?: number;
}

/** The workbook parsed but no sheet has a data row below its header. */
export class WorkbookEmptyError extends ValidationError {
  constructor() {
    super('Workbook has no data rows', [
      { field: 'file', message: 'No sheet has a data row below its header' },
    ]);
  }
}

const MiB = 1024 * 1024;
const DEFAULT_READ_LIMITS = {
  maxRows: 1_000_000,
  maxColumns: 16_384,
  maxMetadataPartBytes: 32 * MiB,
  maxSharedStringsBytes: 128 * MiB,
  maxSharedStrings: 4_000_000,
};
type Limits = typeof DEFAULT_READ_LIMITS & XlsxLimits;
const CORRUPT = 'Corrupt workbook';

/** Marks an error thrown by the caller's sink, which must reach the caller untouched. */
class SinkFailure {
  constructor(readonly error: unknown) {}
}

/**
 * Streams the workbook: calls onSheet for each sheet, then onRow for each data row (array
 * aligned to headers), then onSheetEnd. Returns the workbook meta. Every failure is an AppError:
 * 415 not an .xlsx, 413 over a limit, 422 corrupt, {@link WorkbookEmptyError} (400) without
 * data rows; errors thrown by the sink are rethrown as they are.
 */
export async function readWorkbook(
  input: string | NodeJS.ReadableStream,
  sink: WorkbookSink,
  limits: ReadWorkbookLimits = {},
): Promise<WorkbookReadResult> {
  const resolved: Limits = { ...DEFAULT_XLSX_LIMITS, ...DEFAULT_READ_LIMITS, ...definedOnly(limits) };
  if (typeof input === 'string') return readFile(input, sink, resolved);
  const spooled = await spoolToTempFile(input, resolved.maxFileBytes);
  try {
    return await readFile(spooled.path, sink, resolved);
  } finally {
    await spooled.remove();
  }
}

/** Whole workbook in memory, for small files and tests; prefer {@link readWorkbook}. */
export async function parseWorkbookToMemory(
  path: string,
  limits?: ReadWorkbookLimits,
): Promise<{ workbookMeta: WorkbookReadResult; sheets: Array<SheetHeader & { rows: Cell[][] }> }> {
  const sheets: Array<SheetHeader & { rows: Cell[][] }> = [];
  const workbookMeta = await readWorkbook(
    path,
    {
      onSheet: (sheet) => {
        sheets[sheet.index] = { ...sheet, rows: [] };
      },
      onRow: (index, row) => {
        sheets[index]?.rows.push(row);
      },
    },
    limits,
  );
  return { workbookMeta, sheets };
}

async function readFile(path: string, sink: WorkbookSink, limits: Limits): Promise<WorkbookReadResult> {
  const zip = await openXlsx(path, limits);
  try {
    return await readParts(zip, sink, limits);
  } catch (error) {
    if (error instanceof SinkFailure) throw error.error;
    if (error instanceof AppError) throw error;
    throw withCause(new UnprocessableError(CORRUPT), error);
  } finally {
    zip.close();
  }
}

async function readParts(zip: OpenedXlsx, sink: WorkbookSink, limits: Limits): Promise<WorkbookReadResult> {
  const parts = new ExcelParts();
  const meta = limits.maxMetadataPartBytes;
  await withPart(zip, 'xl/_rels/workbook.xml.rels', meta, (s) => parts.loadRels(s));
  await withPart(zip, 'xl/workbook.xml', meta, (s) => parts.loadWorkbook(s));
  const styles = parts.relatedPart('styles');
  if (styles && zip.entries.has(styles)) await withPart(zip, styles, meta, (s) => parts.loadStyles(s));
  const strings = parts.relatedPart('sharedStrings');
  if (strings && zip.entries.has(strings)) {
    await withPart(zip, strings, limits.maxSharedStringsBytes, (s) =>
      parts.loadSharedStrings(s, limits.maxSharedStrings),
    );
  }

  const sheets = parts.worksheets();
  if (sheets.length > limits.maxSheets) {
    throw new PayloadTooLargeError(`Workbook has more than ${limits.maxSheets} sheets`);
  }
  const state: ReadState = {
    limits,
    stats: { truncatedCells: 0 },
    unlabeledCells: 0,
    totalRows: 0,
    rowsRead: 0,
  };
  for (const [index, sheet] of sheets.entries()) {
    await withPart(zip, sheet.path, Number.POSITIVE_INFINITY, (stream) =>
      readSheet(parts.rows(stream), { name: sheet.name, index }, parts.date1904, sink, state),
    );
  }
  if (state.totalRows === 0) throw new WorkbookEmptyError();
  return {
    sheetNames: sheets.map((s) => s.name),
    sheetCount: sheets.length,
    totalRows: state.totalRows,
    truncatedCells: state.stats.truncatedCells,
    unlabeledCells: state.unlabeledCells,
  };
}

interface ReadState {
  limits: Limits;
  stats: CellStats;
  unlabeledCells: number;
  totalRows: number;
  /** Every row element read, blank or not, for the `maxRows` budget. */
  rowsRead: number;
}

async function readSheet(
  rows: AsyncIterable<Row>,
  sheet: { name: string; index: number },
  date1904: boolean,
  sink: WorkbookSink,
  state: ReadState,
): Promise<void> {
  let headers: string[] | null = null;
  let rowCount = 0;
  const formulaColumns = new Set<number>();
  for await (const row of rows) {
    if (++state.rowsRead > state.limits.maxRows) {
      throw new PayloadTooLargeError(
        `Workbook has more than ${state.limits.maxRows} rows (blank rows included)`,
      );
    }
    if (!headers) {
      const cells = rowCells(row, row.cellCount, date1904, state);
      // Excel writes styled empty cells; trailing ones would become phantom column_<n> headers.
      while (cells.length > 0 && String(cells[cells.length - 1] ?? '').trim() === '') cells.pop();
      if (cells.length === 0) continue;
      if (cells.length > state.limits.maxColumns) {
        throw new PayloadTooLargeError(
          `Sheet "${sheet.name}" has more than ${state.limits.maxColumns} columns`,
        );
      }
      const names = headerNames(cells);
      headers = names;
      await callSink(() => sink.onSheet({ ...sheet, headers: names }));
      continue;
    }
    const cells = rowCells(row, headers.length, date1904, state, formulaColumns);
    if (cells.every(isBlank)) continue;
    state.totalRows++;
    rowCount++;
    await callSink(() => sink.onRow(sheet.index, cells));
  }
  if (!headers) await callSink(() => sink.onSheet({ ...sheet, headers: [] }));
  const names = headers ?? [];
  const formulaNames = [...formulaColumns].sort((x, y) => x - y).flatMap((i) => names[i] ?? []);
  await callSink(() => sink.onSheetEnd?.(sheet.index, rowCount, formulaNames));
}

/**
 * The row's first `width` columns as cells; non-empty cells beyond them are only counted.
 * Columns holding formula text are added to `formulaColumns` when given.
 */
function rowCells(
  row: Row,
  width: number,
  date1904: boolean,
  state: ReadState,
  formulaColumns?: Set<number>,
): Cell[] {
  const cells: Cell[] = new Array(width).fill(null);
  row.eachCell((cell, column) => {
    const value = toCell(cell.value, { numFmt: cell.numFmt, date1904 }, state.stats);
    if (column > width) {
      if (!isBlank(value)) state.unlabeledCells++;
      return;
    }
    cells[column - 1] = value;
    if (formulaColumns && uncachedFormula(cell.value) !== undefined) formulaColumns.add(column - 1);
  });
  return cells;
}

async function callSink(call: () => Promise<void> | void): Promise<void> {
  try {
    await call();
  } catch (error) {
    throw new SinkFailure(error);
  }
}

/** Inflates one part for `use`, refusing parts over `maxBytes`; the stream is always released. */
async function withPart<T>(
  zip: OpenedXlsx,
  path: string,
  maxBytes: number,
  use: (stream: Readable) => Promise<T>,
): Promise<T> {
  const entry = zip.entries.get(path);
  if (!entry) throw new UnprocessableError(CORRUPT);
  if (entry.uncompressedSize > maxBytes) {
    throw new PayloadTooLargeError(`Workbook part ${path} is larger than ${maxBytes} bytes`);
  }
  const stream = await zip.openEntry(entry);
  try {
    return await use(stream);
  } finally {
    stream.destroy();
  }
}

/** Drops undefined fields so they do not overwrite defaults when spread. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

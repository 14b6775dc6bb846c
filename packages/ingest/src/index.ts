/**
 * Upload ingestion. Workbook reading lives here; the test helper that builds workbooks
 * (`./testing/make-xlsx`) is deliberately not exported, to keep it out of Lambda bundles.
 */

export {
  assertRectangular,
  readTable,
  streamTable,
  type Table,
  type TableFormat,
  type TableSink,
  tableFormatOf,
  typedField,
} from './tables';
export { type Cell, MAX_CELL_CHARS } from './xlsx-cells';
export {
  assertXlsxFilename,
  DEFAULT_XLSX_LIMITS,
  inspectXlsx,
  type XlsxInspection,
  type XlsxLimits,
} from './xlsx-guard';
export {
  parseWorkbookToMemory,
  type ReadWorkbookLimits,
  readWorkbook,
  type SheetHeader,
  WorkbookEmptyError,
  type WorkbookMeta,
  type WorkbookReadResult,
  type WorkbookSink,
} from './xlsx-reader';

/**
 * Turns exceljs cell values into the plain values the product stores. Strings are never
 * reinterpreted (`00123` stays a string); only the cell's own type decides the output type.
 */
import type { CellValue } from 'exceljs';

/** A parsed cell. Dates are ISO-8601 strings (UTC, as Excel serials carry no zone). */
export type Cell = string | number | boolean | null;

/** Excel's own cell limit; longer strings can only come from hand-made files. */
export const MAX_CELL_CHARS = 32_767;

/** Counters a reader accumulates while converting cells. */
export interface CellStats {
  truncatedCells: number;
}

/** How a cell is rendered matters for formula results: exceljs only types plain values as Date. */
export interface CellContext {
  numFmt: string | undefined;
  date1904: boolean;
}

/**
 * The text of a formula the file carries no result for (files written by scripts such as
 * openpyxl are never calculated), as `=` and the formula; undefined for any other cell. Such a
 * cell is read as this text, as nothing else is known about it.
 */
export function uncachedFormula(value: CellValue): string | undefined {
  if (value === null || typeof value !== 'object' || !('formula' in value)) return undefined;
  // A shared formula's dependent cells carry no text of their own (`<f t="shared" si="0"/>`).
  if (value.result !== undefined || !value.formula) return undefined;
  return value.formula.startsWith('=') ? value.formula : `=${value.formula}`;
}

/** Converts one exceljs cell value; `stats` counts truncations. */
export function toCell(value: CellValue, context: CellContext, stats: CellStats): Cell {
  if (value === null || value === undefined) return null;
  const formula = uncachedFormula(value);
  if (formula !== undefined) return clip(formula, stats);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return clip(value, stats);
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return isoDate(value);
  if ('richText' in value) return clip(value.richText.map((run) => run.text ?? '').join(''), stats);
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) {
    const { result } = value;
    if (typeof result === 'number' && isDateFormat(context.numFmt)) {
      return isoDate(excelSerialToDate(result, context.date1904));
    }
    // exceljs parses every non-string cached result as a float, so a cached error is NaN → null.
    return toCell(result, context, stats);
  }
  if ('text' in value) return clip(value.text, stats);
  return null;
}

/** True for values that make a cell count as empty. */
export const isBlank = (cell: Cell): boolean => cell === null || cell === '';

/**
 * Header names for a header row: trimmed text, `column_<n>` (1-based) for blank cells, and
 * `name_2`, `name_3`… for repeats, so every column has a unique key.
 */
export function headerNames(row: readonly Cell[]): string[] {
  const used = new Set<string>();
  return row.map((cell, i) => {
    const base = cell === null ? '' : String(cell).trim();
    const stem = base || `column_${i + 1}`;
    let name = stem;
    for (let n = 2; used.has(name); n++) name = `${stem}_${n}`;
    used.add(name);
    return name;
  });
}

function clip(text: string, stats: CellStats): string {
  if (text.length <= MAX_CELL_CHARS) return text;
  stats.truncatedCells++;
  // Never leave half a surrogate pair at the cut: the result must stay valid UTF-16.
  const last = text.charCodeAt(MAX_CELL_CHARS - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? MAX_CELL_CHARS - 1 : MAX_CELL_CHARS;
  return text.slice(0, end);
}

function isoDate(date: Date): string | null {
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Same rule exceljs applies to plain cells: date/time tokens outside quotes and brackets. */
function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  return /[ymdhMsb]/.test(numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function excelSerialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

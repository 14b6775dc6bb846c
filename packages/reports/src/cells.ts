// What makes Excel, LibreOffice, Sheets or Numbers evaluate a cell (OWASP CSV Injection), in
// ASCII and the full-width forms Numbers folds to ASCII.
const FORMULA_SIGN = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u;
// Importers may trim these before looking for a sign, so ` =1` or `\n=1` is as live as `=1`:
// whitespace (Unicode too), controls, and invisible format characters (zero-width space, BOM).
const SKIPPED_LEAD = /^[\s\p{Cc}\p{Cf}]+/u;
// OWASP also neutralises a cell that merely starts with one of these, whatever follows.
const CONTROL_LEAD = /^[\t\r\n\0]/;

/** Excel's hard limit on characters in one cell. */
export const MAX_CELL_CHARS = 32_767;
const TRUNCATION_MARK = '… [truncated]';

/** True for text a spreadsheet could take for a formula. */
function isFormulaLike(text: string): boolean {
  return CONTROL_LEAD.test(text) || FORMULA_SIGN.test(text.replace(SKIPPED_LEAD, ''));
}

/**
 * Prefixes `'` to a string that a spreadsheet could evaluate as a formula: its first character
 * after any leading whitespace, control or invisible character is `=`, `+`, `-` or `@`, or it
 * starts with tab, CR, LF or NUL. Non-strings pass through: typed numbers are not formulas.
 * For CSV and XLSX exports alike.
 */
export function neutralizeCell(value: string): string;
export function neutralizeCell<T extends number | boolean | null | undefined>(value: T): T;
export function neutralizeCell(value: unknown): unknown {
  return typeof value === 'string' && isFormulaLike(value) ? `'${value}` : value;
}

function isXmlIllegal(cp: number): boolean {
  if (cp === 0x09 || cp === 0x0a || cp === 0x0d) return false;
  return cp < 0x20 || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffe || cp === 0xffff;
}

/**
 * Makes a string storable in an XLSX cell: characters XML 1.0 forbids (NUL, other C0
 * controls, lone surrogates) become U+FFFD, a literal `_xHHHH_` is escaped so readers do not
 * decode it into another character, and the text is cut to Excel's cell limit.
 */
export function xlsxText(value: string): string {
  let text = Array.from(value, (c) => (isXmlIllegal(c.codePointAt(0) ?? 0) ? '\uFFFD' : c)).join('');
  text = text.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
  if (text.length <= MAX_CELL_CHARS) return text;
  const head = Array.from(text.slice(0, MAX_CELL_CHARS - TRUNCATION_MARK.length));
  // slice() may have split a surrogate pair; Array.from leaves the orphan half as its own element.
  if (/[\uD800-\uDBFF]/.test(head.at(-1) ?? '')) head.pop();
  return `${head.join('')}${TRUNCATION_MARK}`;
}

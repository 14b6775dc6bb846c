import { type Cell, cellText, parseBoolean, parseIp, parseNumber, parseTimestamp } from './cells';

/** What a column holds, which decides how it is turned into features. */
export type ColumnKind =
  | 'numeric'
  | 'timestamp'
  | 'ip'
  | 'categorical'
  | 'identifier'
  | 'boolean'
  | 'text'
  | 'empty';

/** Share of non-missing cells that must parse for a typed kind; the rest count as missing. */
const TYPED_SHARE = 0.95;
/** Strings this long on average, mostly with spaces, are free text judged by their length. */
const TEXT_MEAN_LENGTH = 40;
/** Above this share of distinct values a string column is an identifier (ids, emails, users). */
const IDENTIFIER_DISTINCT_SHARE = 0.5;

/**
 * Infers a column's kind from its cells: the first typed kind (boolean, numeric,
 * timestamp, ip) that at least 95 % of its non-missing cells parse as, otherwise a string
 * kind by shape — long spaced strings are text, near-unique ones identifiers, the rest
 * categories.
 */
export function inferKind(cells: readonly (Cell | undefined)[]): ColumnKind {
  let present = 0;
  let booleans = 0;
  let numbers = 0;
  let timestamps = 0;
  let ips = 0;
  let totalLength = 0;
  let spaced = 0;
  const distinct = new Set<string>();
  for (const cell of cells) {
    const text = cellText(cell);
    if (text === null) continue;
    present++;
    if (parseBoolean(cell) !== null) booleans++;
    else if (parseNumber(cell) !== null) numbers++;
    else if (parseTimestamp(cell) !== null) timestamps++;
    else if (parseIp(cell) !== null) ips++;
    distinct.add(text);
    totalLength += text.length;
    if (text.includes(' ')) spaced++;
  }
  if (present === 0) return 'empty';
  const need = TYPED_SHARE * present;
  if (booleans >= need) return 'boolean';
  if (numbers >= need) return 'numeric';
  if (timestamps >= need) return 'timestamp';
  if (ips >= need) return 'ip';
  if (totalLength / present >= TEXT_MEAN_LENGTH && spaced >= present / 2) return 'text';
  if (distinct.size > IDENTIFIER_DISTINCT_SHARE * present) return 'identifier';
  return 'categorical';
}

const MAX_NAME_CHARS = 150;
const FALLBACK_NAME = 'download';

function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0xd800 && cp <= 0xdfff);
}

/** Drops CR/LF and other controls, quotes and backslashes; path separators become `_`. */
function cleanName(filename: string): string {
  const kept = Array.from(filename.normalize('NFC'))
    .filter((c) => !isControl(c.codePointAt(0) ?? 0) && c !== '"' && c !== '\\')
    .map((c) => (c === '/' ? '_' : c))
    .slice(0, MAX_NAME_CHARS)
    .join('')
    .trim()
    .replace(/^\.+/, '');
  return kept.length > 0 ? kept : FALLBACK_NAME;
}

/** Printable-ASCII stand-in for old clients; `%` goes too, as some decode it. */
function asciiFallback(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|%/g, '_');
}

/** RFC 5987 `attr-char` encoding: encodeURIComponent plus `'()*`. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * A `Content-Disposition` value that cannot split or inject headers: CR/LF, controls, quotes
 * and backslashes are removed, an ASCII `filename` is always present, and a non-ASCII name is
 * carried in RFC 5987/6266 `filename*`.
 */
export function contentDisposition(filename: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const name = cleanName(filename);
  const ascii = asciiFallback(name);
  const header = `${type}; filename="${ascii}"`;
  return ascii === name ? header : `${header}; filename*=UTF-8''${encodeRfc5987(name)}`;
}

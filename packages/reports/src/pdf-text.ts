/** Drawn for a character the PDF does not draw as itself (see {@link PdfTextCleaner}). */
export const REPLACEMENT_CHARACTER = '\uFFFD';
/** Ends text cut to its length limit. */
export const ELLIPSIS = '…';

// Kept although invisible: zero-width non-joiner and joiner shape Arabic, Indic scripts and emoji.
const JOINERS = new Set([0x200c, 0x200d]);
const WHITESPACE = /^\p{White_Space}$/u;
// Controls, format characters (bidi overrides, zero-width spaces, BOM), lone surrogates,
// private-use characters and the noncharacters U+FFFE/U+FFFF.
const HIDDEN = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\uFFFE\uFFFF]$/u;

/**
 * Turns untrusted values into text the PDF draws as plain, visible characters, one line of
 * it per value: whitespace runs (newlines included) become one space; controls, format
 * characters (a right-to-left override, say, that could make `gpj.exe` read `exe.jpg`), lone
 * surrogates and characters the embedded font has no glyph for (CJK, for one) become U+FFFD;
 * text longer than its limit is cut and ends with `…`. A right-to-left run is shaped and laid
 * out right to left by fontkit, but a line mixing directions is not reordered (PDFKit has no
 * bidi algorithm).
 */
export class PdfTextCleaner {
  #replaced = 0;

  /** @param covers whether the PDF's font has a glyph for a code point */
  constructor(private readonly covers: (codePoint: number) => boolean) {}

  /** How many characters this cleaner has replaced with U+FFFD so far. */
  get replaced(): number {
    return this.#replaced;
  }

  /**
   * One value as text: strings as they are, numbers as written, null and undefined as an
   * empty string, anything else as JSON.
   * @param maxChars limit in characters (code points), the ellipsis included
   */
  clean(value: unknown, maxChars: number): string {
    const raw = stringOf(value);
    const out: string[] = [];
    let pendingSpace = false;
    for (const char of raw) {
      if (WHITESPACE.test(char)) {
        pendingSpace = out.length > 0;
        continue;
      }
      if (pendingSpace) {
        out.push(' ');
        pendingSpace = false;
      }
      out.push(this.drawable(char));
      if (out.length > maxChars) break;
    }
    if (out.length <= maxChars) return out.join('');
    return `${out
      .slice(0, Math.max(0, maxChars - 1))
      .join('')
      .trimEnd()}${ELLIPSIS}`;
  }

  private drawable(char: string): string {
    const codePoint = char.codePointAt(0) ?? 0;
    if (JOINERS.has(codePoint)) return char;
    if (HIDDEN.test(char) || !this.covers(codePoint)) {
      this.#replaced += 1;
      return REPLACEMENT_CHARACTER;
    }
    return char;
  }
}

function stringOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

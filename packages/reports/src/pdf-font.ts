import { brotliDecompressSync } from 'node:zlib';
import { create, type Font } from 'fontkit';
import { DEJAVU_SANS } from './fonts/dejavu-sans';

/** The one typeface of the PDF export: its TTF bytes, and which characters it can draw. */
export interface PdfFont {
  /** The TTF, for PDFKit to embed (as a subset of the glyphs used). */
  readonly bytes: Uint8Array;
  /** Whether the font has a glyph for the code point. */
  covers(codePoint: number): boolean;
}

let loaded: PdfFont | undefined;

/**
 * DejaVu Sans, decompressed once per process from the code itself (no file, no network): Latin,
 * Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic and many symbols; no CJK.
 */
export function pdfFont(): PdfFont {
  if (!loaded) {
    const bytes = new Uint8Array(brotliDecompressSync(Buffer.from(DEJAVU_SANS.brotliBase64, 'base64')));
    const font = create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) as Font;
    loaded = { bytes, covers: (codePoint) => font.hasGlyphForCodePoint(codePoint) };
  }
  return loaded;
}

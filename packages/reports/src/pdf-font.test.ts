import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEJAVU_SANS } from './fonts/dejavu-sans';
import { sourceTtfPath } from './fonts/embed-font';
import { pdfFont } from './pdf-font';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('the embedded PDF font', () => {
  it('is the dejavu-fonts-ttf package’s DejaVuSans.ttf, unmodified (else run fonts/embed-font.ts)', () => {
    const { bytes } = pdfFont();
    expect(sha256(bytes)).toBe(DEJAVU_SANS.sha256);
    expect(sha256(readFileSync(sourceTtfPath()))).toBe(DEJAVU_SANS.sha256);
  });

  it('covers Latin, Cyrillic, Greek, Hebrew, Arabic and U+FFFD, and not CJK', () => {
    const { covers } = pdfFont();
    for (const char of ['A', 'é', '€', 'Ж', 'Ω', 'ש', 'ع', '…', '–', '•', '\uFFFD'])
      expect(covers(char.codePointAt(0) ?? 0), char).toBe(true);
    for (const char of ['密', 'パ', '한']) expect(covers(char.codePointAt(0) ?? 0), char).toBe(false);
  });
});

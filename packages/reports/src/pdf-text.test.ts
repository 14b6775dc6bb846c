import { describe, expect, it } from 'vitest';
import { ELLIPSIS, PdfTextCleaner, REPLACEMENT_CHARACTER as R } from './pdf-text';

// A stand-in font: everything below U+3000 (no CJK, no emoji).
const cleaner = () => new PdfTextCleaner((cp) => cp < 0x3000);

describe('PdfTextCleaner', () => {
  it('writes values as one line of text', () => {
    const text = cleaner();
    expect(text.clean('  two\n\tlines  ', 100)).toBe('two lines');
    expect(text.clean(15000, 100)).toBe('15000');
    expect(text.clean(false, 100)).toBe('false');
    expect(text.clean(null, 100)).toBe('');
    expect(text.clean(undefined, 100)).toBe('');
    expect(text.clean({ a: [1, '=x'] }, 100)).toBe('{"a":[1,"=x"]}');
    expect(text.replaced).toBe(0);
  });

  it('keeps formula signs, URLs and markup as the characters they are', () => {
    const text = cleaner();
    for (const value of [
      '=HYPERLINK("http://x")',
      'javascript:alert(1)',
      '<script>x</script>',
      '![a](http://x)',
    ])
      expect(text.clean(value, 100)).toBe(value);
  });

  it('replaces controls, bidi overrides, lone surrogates and characters the font lacks, and counts them', () => {
    const text = cleaner();
    expect(text.clean('a\0b\u0007c', 100)).toBe(`a${R}b${R}c`);
    expect(text.clean('invoice\u202Egpj.exe', 100)).toBe(`invoice${R}gpj.exe`);
    expect(text.clean('x\uD800y\uFEFFz', 100)).toBe(`x${R}y${R}z`);
    expect(text.clean('密码 ok', 100)).toBe(`${R}${R} ok`);
    expect(text.clean('🔥', 100)).toBe(R);
    expect(text.replaced).toBe(8);
  });

  it('keeps scripts the font covers, and the joiners that shape them', () => {
    const text = cleaner();
    expect(text.clean('Привет שלום مرحبا', 100)).toBe('Привет שלום مرحبا');
    expect(text.clean('क्\u200Dष', 100)).toBe('क्\u200Dष');
    expect(text.replaced).toBe(0);
  });

  it('cuts long text to its limit, ellipsis included, without splitting a character', () => {
    const text = new PdfTextCleaner(() => true);
    const cut = text.clean('A'.repeat(10_000), 50);
    expect(Array.from(cut)).toHaveLength(50);
    expect(cut.endsWith(ELLIPSIS)).toBe(true);
    const emoji = text.clean('😀'.repeat(20), 5);
    expect(Array.from(emoji)).toEqual(['😀', '😀', '😀', '😀', ELLIPSIS]);
    expect(text.clean('exactly', 7)).toBe('exactly');
    expect(text.clean('word word word', 6)).toBe(`word${ELLIPSIS}`);
  });
});

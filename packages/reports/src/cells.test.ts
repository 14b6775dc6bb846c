import { describe, expect, it } from 'vitest';
import { MAX_CELL_CHARS, neutralizeCell, xlsxText } from './cells';

describe('neutralizeCell', () => {
  it.each([
    '=1+1',
    '+1',
    '-2+3',
    '@SUM(A1)',
    '\tx',
    '\rx',
    '\nx',
    '\0x',
    '=HYPERLINK("http://x")',
    ' =1',
    "\n=cmd|' /C calc'!A0",
    ' \u00a0\u200b\ufeff+1',
    '\u0001@x',
    '\uFF1D1+1',
  ])('prefixes %o', (v) => {
    expect(neutralizeCell(v)).toBe(`'${v}`);
  });

  it.each(['hello', '', "'already", '１=1', 'a\n=1', '"=1"', ' x', 'x=1'])('leaves %o alone', (v) => {
    expect(neutralizeCell(v)).toBe(v);
  });

  it('passes non-strings through unchanged', () => {
    expect(neutralizeCell(-5)).toBe(-5);
    expect(neutralizeCell(true)).toBe(true);
    expect(neutralizeCell(null)).toBeNull();
  });
});

describe('xlsxText', () => {
  it('replaces characters XML cannot carry and escapes _xHHHH_', () => {
    expect(xlsxText('a\0b\u0007c\td\uD800')).toBe('a\uFFFDb\uFFFDc\td\uFFFD');
    expect(xlsxText('_x0041_')).toBe('_x005F_x0041_');
  });

  it("truncates to Excel's cell limit without splitting a surrogate pair", () => {
    const text = xlsxText('😀'.repeat(MAX_CELL_CHARS));
    expect(text.length).toBeLessThanOrEqual(MAX_CELL_CHARS);
    expect(text.endsWith('… [truncated]')).toBe(true);
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

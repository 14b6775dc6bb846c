import { describe, expect, it } from 'vitest';
import { headerNames, toCell, uncachedFormula } from './xlsx-cells';

const plain = { numFmt: undefined, date1904: false };
const dated = { numFmt: 'yyyy-mm-dd hh:mm:ss', date1904: false };

describe('toCell', () => {
  it('maps each exceljs value shape to a plain cell', () => {
    const stats = { truncatedCells: 0 };
    expect(toCell(undefined, plain, stats)).toBeNull();
    expect(toCell(42.5, plain, stats)).toBe(42.5);
    expect(toCell(Number.NaN, plain, stats)).toBeNull();
    expect(toCell('00123', plain, stats)).toBe('00123');
    expect(toCell(false, plain, stats)).toBe(false);
    expect(toCell(new Date('2025-11-06T03:15:22Z'), plain, stats)).toBe('2025-11-06T03:15:22.000Z');
    expect(toCell(new Date(Number.NaN), plain, stats)).toBeNull();
    expect(toCell({ richText: [{ text: 'a' }, { text: 'b' }] }, plain, stats)).toBe('ab');
    expect(toCell({ error: '#N/A' }, plain, stats)).toBe('#N/A');
    expect(toCell({ text: 'see', hyperlink: 'https://example.com' }, plain, stats)).toBe('see');
    expect(toCell({ formula: 'A1', result: 'x' }, plain, stats)).toBe('x');
    expect(stats.truncatedCells).toBe(0);
  });

  it('reads a formula without a cached result as its text, and only such a formula', () => {
    const stats = { truncatedCells: 0 };
    expect(toCell({ formula: 'SUM(A1:A3)' }, plain, stats)).toBe('=SUM(A1:A3)');
    expect(toCell({ formula: 'NOW()' }, dated, stats)).toBe('=NOW()');
    expect(uncachedFormula({ formula: '=A1' })).toBe('=A1');
    expect(uncachedFormula({ formula: 'A1', result: 0 })).toBeUndefined();
    expect(uncachedFormula({ formula: 'A1', result: '' })).toBeUndefined();
    expect(uncachedFormula('=A1')).toBeUndefined();
    // A shared formula's dependent cell has no text to report.
    expect(toCell({ formula: '' }, plain, stats)).toBeNull();
    expect(toCell({ sharedFormula: 'A2' }, plain, stats)).toBeNull();
  });

  it('renders a numeric formula result under a date format as a date', () => {
    const stats = { truncatedCells: 0 };
    expect(toCell({ formula: 'NOW()', result: 45967.5 }, dated, stats)).toBe('2025-11-06T12:00:00.000Z');
    expect(toCell({ formula: 'NOW()', result: 44505.5 }, { ...dated, date1904: true }, stats)).toBe(
      '2025-11-06T12:00:00.000Z',
    );
    expect(toCell({ formula: 'A1*2', result: 45967.5 }, { numFmt: '0.00', date1904: false }, stats)).toBe(
      45967.5,
    );
    expect(toCell({ formula: 'A1', result: 3 }, { numFmt: '"days"0', date1904: false }, stats)).toBe(3);
  });
});

describe('headerNames', () => {
  it('trims, fills blanks with column_<n> and de-duplicates', () => {
    expect(headerNames([' ip ', null, 'ip', '', 'ip_2', 7, true])).toEqual([
      'ip',
      'column_2',
      'ip_2',
      'column_4',
      'ip_2_2',
      '7',
      'true',
    ]);
  });
});

import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { xlsxText } from './cells';
import { exportTable } from './tables';
import {
  AS_A_SPREADSHEET,
  CSV_INJECTION_PAYLOADS,
  neutralised,
  startsLikeFormula,
} from './testing/csv-injection';

const table = {
  name: 'results',
  columns: ['index', 'user', 'note'],
  rows: [
    [1, '=HYPERLINK("http://evil")', '+cmd|calc'],
    [2, 'alice, "the admin"', '@SUM(A1)'],
  ],
};

describe('table exports', () => {
  it('writes CSV whose formula-like cells are neutralised and quoting is RFC 4180', async () => {
    const { body, contentType, filename } = await exportTable(table, 'csv');
    const text = body.toString('utf8');
    expect(contentType).toContain('text/csv');
    expect(filename).toBe('results.csv');
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).toContain("'+cmd|calc");
    expect(text).toContain('"alice, ""the admin"""');
    expect(text).toContain("'@SUM(A1)");
  });

  it('writes XLSX with text cells that are never formulas', async () => {
    const { body } = await exportTable(table, 'excel');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws?.getCell('B2').value).toBe(`'=HYPERLINK("http://evil")`);
    expect(ws?.getCell('A2').value).toBe(1);
    expect(ws?.getCell('B2').formula).toBeUndefined();
  });

  const hostile = {
    name: 'Bericht_Überprüfung_日本',
    columns: ['index', ...CSV_INJECTION_PAYLOADS.slice(0, 3), 'after'],
    rows: CSV_INJECTION_PAYLOADS.map((p, i) => [i, p, true, null, 'end']),
  };

  it('quotes every text field, so each OWASP payload stays one cell in its own row and column', async () => {
    const { body, filename } = await exportTable(hostile, 'csv');
    expect(filename).toBe('Bericht_Überprüfung_日本.csv');
    const parsed = parse(body, AS_A_SPREADSHEET) as string[][];
    expect(parsed).toHaveLength(CSV_INJECTION_PAYLOADS.length + 1);
    expect(parsed[0]).toEqual(hostile.columns.map((c) => neutralised(c)));
    for (const [i, payload] of CSV_INJECTION_PAYLOADS.entries()) {
      expect(parsed[i + 1], JSON.stringify(payload)).toEqual([
        String(i),
        neutralised(payload),
        'true',
        '',
        'end',
      ]);
    }
    expect(parsed.flat().filter(startsLikeFormula)).toEqual([]);
  });

  it('writes the same neutralised text to XLSX, as strings', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportTable(hostile, 'excel')).body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    for (const [i, payload] of CSV_INJECTION_PAYLOADS.entries()) {
      const cell = ws?.getRow(i + 2).getCell(2);
      expect(cell?.type, JSON.stringify(payload)).toBe(ExcelJS.ValueType.String);
      // XML reads a literal CR back as LF (end-of-line normalisation); the text is otherwise exact.
      expect(cell?.value).toBe(xlsxText(neutralised(payload)).replace(/\r\n?/g, '\n'));
      expect(startsLikeFormula(String(cell?.value)), JSON.stringify(payload)).toBe(false);
    }
  });
});

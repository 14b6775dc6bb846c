import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { exportTable } from './tables';

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
});

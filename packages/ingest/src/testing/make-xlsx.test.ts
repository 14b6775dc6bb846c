import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { makeXlsx } from './make-xlsx';

describe('makeXlsx', () => {
  it('writes workbooks that exceljs itself reads back exactly', async () => {
    const when = new Date('2025-11-06T03:15:22.000Z');
    const buffer = makeXlsx([
      {
        name: 'Auth & Logs',
        rows: [
          ['when', 'id', 'ok', 'calc', 'err'],
          [when, '00123', true, { formula: 'B2&"!"', result: '00123!' }, { error: '#N/A' }],
        ],
      },
      { name: 'Second', rows: [['n'], [2.5]] },
    ]);
    const workbook = new ExcelJS.Workbook();
    // exceljs types its own Buffer interface; node's Buffer is what it reads at runtime.
    await workbook.xlsx.load(buffer as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Auth & Logs', 'Second']);
    const row = workbook.worksheets[0]?.getRow(2);
    expect(row?.getCell(1).value).toEqual(when);
    expect(row?.getCell(2).value).toBe('00123');
    expect(row?.getCell(3).value).toBe(true);
    expect(row?.getCell(4).value).toEqual({ formula: 'B2&"!"', result: '00123!' });
    expect(row?.getCell(5).value).toEqual({ error: '#N/A' });
    expect(workbook.worksheets[1]?.getCell('A2').value).toBe(2.5);
  });
});

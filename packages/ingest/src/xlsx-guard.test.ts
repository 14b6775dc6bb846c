import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeXlsx, zip } from './testing/make-xlsx';
import { assertXlsxFilename, inspectXlsx } from './xlsx-guard';

const dir = mkdtempSync(join(tmpdir(), 'ingest-guard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
function file(content: Buffer | string): string {
  const path = join(dir, `upload-${++fileNo}.xlsx`);
  writeFileSync(path, content);
  return path;
}

const workbook = () => makeXlsx([{ name: 'Logs', rows: [['a'], [1]] }]);
const NOT_XLSX = { statusCode: 415, message: 'File is not a valid .xlsx workbook' };
const CORRUPT = { statusCode: 422, message: 'Corrupt workbook' };

describe('assertXlsxFilename', () => {
  it('accepts .xlsx in any case', () => {
    for (const name of ['logs.xlsx', 'LOGS.XLSX', 'a.b.Xlsx'])
      expect(() => assertXlsxFilename(name)).not.toThrow();
  });

  it('rejects other extensions with a 400', () => {
    for (const name of ['logs.xls', 'logs.csv', 'logs.xlsx.exe', 'xlsx', 'logs.xlsm', '']) {
      expect(() => assertXlsxFilename(name)).toThrow(
        expect.objectContaining({
          statusCode: 400,
          message: 'Invalid file extension. Only .xlsx files are supported.',
        }),
      );
    }
  });
});

describe('inspectXlsx', () => {
  it('reports entries, inflated size and sheets of a valid workbook', async () => {
    const result = await inspectXlsx(
      file(
        makeXlsx([
          { name: 'A', rows: [['x']] },
          { name: 'B', rows: [['y']] },
        ]),
      ),
    );
    expect(result.sheetCount).toBe(2);
    expect(result.entryCount).toBe(8);
    expect(result.uncompressedBytes).toBeGreaterThan(result.fileBytes / 2);
  });

  it.each([
    ['CSV renamed .xlsx', 'timestamp,source_ip\n2025-11-06,10.0.0.1\n'],
    ['HTML saved as .xls', '<html><body><table><tr><td>1</td></tr></table></body></html>'],
    ['random bytes', Buffer.concat([Buffer.from([0x42]), randomBytes(4096)])],
    ['an empty file', ''],
    ['an empty zip', zip([])],
  ])('rejects %s with 415', async (_label, content) => {
    await expect(inspectXlsx(file(content))).rejects.toMatchObject(NOT_XLSX);
  });

  it('rejects a zip that is not a workbook (e.g. .ods, .xlsb) with 415', async () => {
    const ods = zip([
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet' },
      { name: 'content.xml', data: '<office:document-content/>' },
    ]);
    const xlsb = zip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'xl/workbook.bin', data: Buffer.alloc(64) },
    ]);
    await expect(inspectXlsx(file(ods))).rejects.toMatchObject(NOT_XLSX);
    await expect(inspectXlsx(file(xlsb))).rejects.toMatchObject(NOT_XLSX);
  });

  it('rejects OLE2 files (legacy .xls, password-protected .xlsx) with 415', async () => {
    const ole = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]);
    await expect(inspectXlsx(file(ole))).rejects.toMatchObject({
      statusCode: 415,
      message: 'Encrypted or legacy Excel files are not supported',
    });
  });

  it('rejects a truncated workbook with 422', async () => {
    const whole = workbook();
    await expect(inspectXlsx(file(whole.subarray(0, Math.floor(whole.length / 2))))).rejects.toMatchObject(
      CORRUPT,
    );
    await expect(inspectXlsx(file(whole.subarray(0, whole.length - 10)))).rejects.toMatchObject(CORRUPT);
  });

  it('rejects duplicate entry names with 422', async () => {
    const parts = [
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'xl/workbook.xml', data: '<workbook/>' },
      { name: 'xl/workbook.xml', data: '<workbook/>' },
    ];
    await expect(inspectXlsx(file(zip(parts)))).rejects.toMatchObject(CORRUPT);
  });

  it('rejects an entry compressed beyond 200:1 (zip-bomb shape) with 413', async () => {
    const bomb = zip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'xl/workbook.xml', data: '<workbook/>' },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(8 * 1024 * 1024, 0x20) },
    ]);
    expect(bomb.length).toBeLessThan(64 * 1024);
    await expect(inspectXlsx(file(bomb))).rejects.toMatchObject({
      statusCode: 413,
      message: expect.stringMatching(/200:1/),
    });
  });

  it('rejects a declared inflated total over 512 MiB without inflating anything', async () => {
    const liar = zip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'xl/workbook.xml', data: '<workbook/>' },
      // Small real content under a huge declared size: only the central directory is read.
      {
        name: 'xl/worksheets/sheet1.xml',
        data: Buffer.alloc(4 * 1024 * 1024, 0x20),
        declaredSize: 600 * 1024 * 1024,
      },
    ]);
    const started = Date.now();
    await expect(inspectXlsx(file(liar), { maxCompressionRatio: 1e9 })).rejects.toMatchObject({
      statusCode: 413,
      message: expect.stringMatching(/expands to more than 536870912 bytes/),
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('rejects more than 10,000 entries with 413', async () => {
    const entries = Array.from({ length: 10_001 }, (_, i) => ({ name: `xl/media/${i}.txt`, data: '' }));
    await expect(inspectXlsx(file(zip(entries)))).rejects.toMatchObject({ statusCode: 413 });
  });

  it('rejects more sheets than the limit with 413', async () => {
    const sheets = ['A', 'B', 'C'].map((name) => ({ name, rows: [['x'], [1]] }));
    await expect(inspectXlsx(file(makeXlsx(sheets)), { maxSheets: 2 })).rejects.toMatchObject({
      statusCode: 413,
      message: 'Workbook has more than 2 sheets',
    });
  });

  it('rejects files over the size limit before reading them', async () => {
    await expect(inspectXlsx(file(workbook()), { maxFileBytes: 100 })).rejects.toMatchObject({
      statusCode: 413,
    });
  });
});

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/src/errors';
import { makeXlsx, type XlsxSheetInput, xlsxParts, zip } from './testing/make-xlsx';
import { type Cell, MAX_CELL_CHARS } from './xlsx-cells';
import { parseWorkbookToMemory, readWorkbook, type SheetHeader, WorkbookEmptyError } from './xlsx-reader';

const dir = mkdtempSync(join(tmpdir(), 'ingest-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
function file(content: Buffer): string {
  const path = join(dir, `upload-${++fileNo}.xlsx`);
  writeFileSync(path, content);
  return path;
}

const spoolDirs = () => readdirSync(tmpdir()).filter((n) => n.startsWith('pynomaly-ingest-')).length;

const WHEN = new Date('2025-11-06T03:15:22.000Z');
const SECURITY_LOGS: XlsxSheetInput[] = [
  {
    name: 'Auth Events',
    rows: [
      ['timestamp', 'user_id', 'success', 'attempts', 'label', 'lookup'],
      [WHEN, '00123', false, 7, { formula: 'B2&"-x"', result: '00123-x' }, { error: '#N/A' }],
      [new Date('2025-11-06T03:16:00.000Z'), 'alice', true, 1.5, { formula: 'D3*2', result: 3 }, 'ok'],
    ],
  },
  {
    name: 'Network & <Flows>',
    rows: [
      ['src_ip', 'bytes'],
      ['10.0.0.1', 1024],
      ['10.0.0.1', 2048],
    ],
  },
];
const EXPECTED_AUTH_ROWS: Cell[][] = [
  ['2025-11-06T03:15:22.000Z', '00123', false, 7, '00123-x', '#N/A'],
  ['2025-11-06T03:16:00.000Z', 'alice', true, 1.5, 3, 'ok'],
];

describe('readWorkbook on hand-built workbooks', () => {
  it.each([
    ['shared strings, Excel part order', {}],
    ['inline strings', { sharedStrings: false }],
    ['sheets before workbook.xml, styles and shared strings', { sheetsFirst: true }],
  ])('reads names, headers and typed cells (%s)', async (_label, options) => {
    const { workbookMeta, sheets } = await parseWorkbookToMemory(file(makeXlsx(SECURITY_LOGS, options)));
    expect(workbookMeta).toEqual({
      sheetNames: ['Auth Events', 'Network & <Flows>'],
      sheetCount: 2,
      totalRows: 4,
      truncatedCells: 0,
      unlabeledCells: 0,
    });
    expect(sheets[0]?.headers).toEqual(['timestamp', 'user_id', 'success', 'attempts', 'label', 'lookup']);
    expect(sheets[0]?.rows).toEqual(EXPECTED_AUTH_ROWS);
    expect(sheets[1]).toMatchObject({ name: 'Network & <Flows>', index: 1, headers: ['src_ip', 'bytes'] });
    expect(sheets[1]?.rows).toEqual([
      ['10.0.0.1', 1024],
      ['10.0.0.1', 2048],
    ]);
  });

  it('names sheets from workbook.xml whatever their part paths and zip order', async () => {
    // Absolute rel targets, used by some writers, leave exceljs's own reader with "Sheet1".
    const parts = xlsxParts(SECURITY_LOGS, { sheetsFirst: true }).map((e) =>
      e.name === 'xl/_rels/workbook.xml.rels'
        ? { ...e, data: String(e.data).replaceAll('Target="worksheets/', 'Target="/xl/worksheets/') }
        : e,
    );
    const { workbookMeta, sheets } = await parseWorkbookToMemory(file(zip(parts)));
    expect(workbookMeta.sheetNames).toEqual(['Auth Events', 'Network & <Flows>']);
    expect(sheets[0]?.rows).toEqual(EXPECTED_AUTH_ROWS);
  });

  it.each([
    ['shared', true],
    ['inline', false],
  ])('keeps %s strings verbatim, whatever they look like', async (_label, sharedStrings) => {
    const values = [
      '00123',
      '1e5',
      '0x1A',
      '-Infinity',
      'true',
      '#N/A',
      '2024-01-02',
      ' padded ',
      '=1+1',
      'AT&T <b>',
      '&lt;script&gt; &amp;amp; &#x41;',
      'line1\nline2',
      '\u202Eevil',
    ];
    const rows = [values, values, [{ formula: 'A1', result: '&lt;x&gt;' }]];
    const { sheets } = await parseWorkbookToMemory(file(makeXlsx([{ name: 'S', rows }], { sharedStrings })));
    expect(sheets[0]?.rows[0]).toEqual(values);
    expect(sheets[0]?.rows[1]?.[0]).toBe('&lt;x&gt;');
  });

  it('names blank headers column_<n>, de-duplicates repeats and skips empty rows', async () => {
    const rows = [
      [null, null],
      [],
      ['ip', null, 'ip', 'ip', ' '],
      [],
      ['a', 'b', 'c', 'd', 'e'],
      [null, ''],
      ['f'],
    ];
    const { sheets } = await parseWorkbookToMemory(file(makeXlsx([{ name: 'S', rows }])));
    expect(sheets[0]?.headers).toEqual(['ip', 'column_2', 'ip_2', 'ip_3']);
    expect(sheets[0]?.rows).toEqual([
      ['a', 'b', 'c', 'd'],
      ['f', null, null, null],
    ]);
  });

  it('reads a formula with no cached result as its text and names its column', async () => {
    const rows = [
      ['item', 'qty', 'total', 'note'],
      ['a', 1, { formula: 'SUM(B2:B3)' }, { formula: 'A2&"!"', result: 'a!' }],
      ['b', 2, { formula: 'B3*2', result: 4 }, { formula: 'UPPER(A3)' }],
    ];
    const ends: string[][] = [];
    const seen: Cell[][] = [];
    await readWorkbook(file(makeXlsx([{ name: 'S', rows }])), {
      onSheet: () => {},
      onRow: (_index, row) => {
        seen.push(row);
      },
      onSheetEnd: (_index, _count, formulaColumns) => {
        ends.push(formulaColumns);
      },
    });
    expect(seen).toEqual([
      ['a', 1, '=SUM(B2:B3)', 'a!'],
      ['b', 2, 4, '=UPPER(A3)'],
    ]);
    expect(ends).toEqual([['total', 'note']]);
  });

  it('counts non-empty cells right of the last header instead of shifting columns', async () => {
    const rows = [['a', 'b'], [1, 2, 3, null, 5], [4]];
    const { workbookMeta, sheets } = await parseWorkbookToMemory(file(makeXlsx([{ name: 'S', rows }])));
    expect(sheets[0]?.rows).toEqual([
      [1, 2],
      [4, null],
    ]);
    expect(workbookMeta.unlabeledCells).toBe(2);
  });

  it('truncates cells over 32,767 characters without splitting a surrogate pair, and counts them', async () => {
    const long = 'x'.repeat(40_000);
    const emoji = `${'y'.repeat(MAX_CELL_CHARS - 1)}😀tail`;
    const { workbookMeta, sheets } = await parseWorkbookToMemory(
      file(
        makeXlsx([
          {
            name: 'S',
            rows: [
              ['long', 'emoji'],
              [long, emoji],
            ],
          },
        ]),
      ),
    );
    const [cut, cutEmoji] = (sheets[0]?.rows[0] ?? []) as string[];
    expect(cut).toHaveLength(MAX_CELL_CHARS);
    expect(cutEmoji).toBe('y'.repeat(MAX_CELL_CHARS - 1));
    expect(workbookMeta.truncatedCells).toBe(2);
  });

  it('streams a 2000-row sheet row by row, sheet after sheet', async () => {
    const rows = [['seq', 'event'], ...Array.from({ length: 2000 }, (_, i) => [i, `event-${i % 17}`])];
    const path = file(
      makeXlsx([
        { name: 'Big', rows },
        { name: 'Tail', rows: [['k'], ['v']] },
      ]),
    );
    const events: string[] = [];
    let seqSum = 0;
    const meta = await readWorkbook(path, {
      onSheet: (s) => {
        events.push(`sheet:${s.name}`);
      },
      onRow: async (index, row) => {
        if (index === 0) seqSum += row[0] as number;
        if (events.at(-1) !== `rows:${index}`) events.push(`rows:${index}`);
        await Promise.resolve();
      },
      onSheetEnd: (index, count) => {
        events.push(`end:${index}:${count}`);
      },
    });
    expect(events).toEqual(['sheet:Big', 'rows:0', 'end:0:2000', 'sheet:Tail', 'rows:1', 'end:1:1']);
    expect(seqSum).toBe((1999 * 2000) / 2);
    expect(meta.totalRows).toBe(2001);
  });

  it('reads from a stream via a tmp copy that it removes afterwards', async () => {
    const before = spoolDirs();
    const seen: SheetHeader[] = [];
    const meta = await readWorkbook(Readable.from(makeXlsx(SECURITY_LOGS)), {
      onSheet: (s) => {
        seen.push(s);
      },
      onRow: () => {},
    });
    expect(meta.sheetNames).toEqual(['Auth Events', 'Network & <Flows>']);
    expect(seen.map((s) => s.index)).toEqual([0, 1]);
    const oversized = readWorkbook(
      Readable.from(makeXlsx(SECURITY_LOGS)),
      { onSheet() {}, onRow() {} },
      { maxFileBytes: 500 },
    );
    await expect(oversized).rejects.toMatchObject({ statusCode: 413 });
    expect(spoolDirs()).toBe(before);
  });
});

describe('readWorkbook on exceljs-written workbooks', () => {
  it('reads rich text, hyperlinks, formulas, dates, errors and several sheets', async () => {
    const wb = new ExcelJS.Workbook();
    const events = wb.addWorksheet('Events');
    events.addRow(['when', 'who', 'note', 'link', 'total', 'code', 'flag', 'who']);
    events.addRow([
      WHEN,
      '00123',
      { richText: [{ text: 'brute ' }, { text: 'force', font: { bold: true } }] },
      { text: 'report', hyperlink: 'https://example.com/r/1' },
      { formula: 'SUM(1,2)', result: 3 },
      { error: '#DIV/0!' },
      true,
      'bob',
    ]);
    events.addRow([]);
    events.addRow([null, 'carol', 'plain', null, { formula: 'A1', result: 'txt' }, 404, false, null]);
    wb.addWorksheet('Empty');
    wb.addWorksheet('Hosts').addRows([['host'], ['web-01']]);
    const path = join(dir, 'exceljs.xlsx');
    await wb.xlsx.writeFile(path);

    const { workbookMeta, sheets } = await parseWorkbookToMemory(path);
    expect(workbookMeta.sheetNames).toEqual(['Events', 'Empty', 'Hosts']);
    expect(workbookMeta.totalRows).toBe(3);
    expect(sheets[0]?.headers).toEqual(['when', 'who', 'note', 'link', 'total', 'code', 'flag', 'who_2']);
    expect(sheets[0]?.rows).toEqual([
      ['2025-11-06T03:15:22.000Z', '00123', 'brute force', 'report', 3, '#DIV/0!', true, 'bob'],
      [null, 'carol', 'plain', null, 'txt', 404, false, null],
    ]);
    expect(sheets[1]).toMatchObject({ name: 'Empty', headers: [], rows: [] });
    expect(sheets[2]?.rows).toEqual([['web-01']]);
  });
});

describe('readWorkbook failures', () => {
  it('rejects a header-only workbook as having no data rows', async () => {
    const path = file(
      makeXlsx([
        { name: 'A', rows: [['timestamp', 'ip']] },
        { name: 'B', rows: [] },
      ]),
    );
    const failure = parseWorkbookToMemory(path);
    await expect(failure).rejects.toBeInstanceOf(WorkbookEmptyError);
    await expect(failure).rejects.toBeInstanceOf(ValidationError);
    await expect(failure).rejects.toMatchObject({ statusCode: 400, message: 'Workbook has no data rows' });
  });

  it('rejects an empty workbook as having no data rows', async () => {
    await expect(parseWorkbookToMemory(file(makeXlsx([{ name: 'A', rows: [] }])))).rejects.toBeInstanceOf(
      WorkbookEmptyError,
    );
  });

  it('rejects more rows or columns than the limits with 413', async () => {
    const path = file(makeXlsx([{ name: 'A', rows: [['a', 'b', 'c'], [1], [2], [3]] }]));
    await expect(parseWorkbookToMemory(path, { maxRows: 2 })).rejects.toMatchObject({
      statusCode: 413,
      message: 'Workbook has more than 2 rows (blank rows included)',
    });
    await expect(parseWorkbookToMemory(path, { maxColumns: 2 })).rejects.toMatchObject({ statusCode: 413 });
  });

  it('counts blank rows against the row limit, before and after the header', async () => {
    const blank = (n: number) => Array.from({ length: n }, (): [] => []);
    const below = file(makeXlsx([{ name: 'A', rows: [...blank(6), ['a'], [1]] }]));
    const after = file(makeXlsx([{ name: 'A', rows: [['a'], [1], ...blank(6)] }]));
    const refused = { statusCode: 413, message: 'Workbook has more than 5 rows (blank rows included)' };
    await expect(parseWorkbookToMemory(below, { maxRows: 5 })).rejects.toMatchObject(refused);
    await expect(parseWorkbookToMemory(after, { maxRows: 5 })).rejects.toMatchObject(refused);
    expect((await parseWorkbookToMemory(after, { maxRows: 8 })).workbookMeta.totalRows).toBe(1);
  });

  it('refuses a workbook of a million blank rows within seconds', async () => {
    // The shape of the reported bomb: a real header and row, then nothing but <row> elements.
    const rows = [['user', 'action'], ['alice', 'login'], ...Array.from({ length: 1_100_000 }, (): [] => [])];
    const path = file(makeXlsx([{ name: 'Logs', rows }]));
    const started = Date.now();
    await expect(parseWorkbookToMemory(path)).rejects.toMatchObject({
      statusCode: 413,
      message: 'Workbook has more than 1000000 rows (blank rows included)',
    });
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 60_000);

  it('runs the pre-parse checks itself', async () => {
    await expect(parseWorkbookToMemory(file(Buffer.from('a,b\n1,2\n')))).rejects.toMatchObject({
      statusCode: 415,
    });
  });

  it('fails with 422, quickly, when a part inflates past its declared size', async () => {
    // sheet1 declares 100 bytes and holds 32 MiB; headers are all the pre-scan can see.
    const liar = zip(
      xlsxParts([{ name: 'A', rows: [['a'], [1]] }]).map((e) =>
        e.name === 'xl/worksheets/sheet1.xml'
          ? { name: e.name, data: Buffer.alloc(32 * 1024 * 1024, 0x20), declaredSize: 100 }
          : e,
      ),
    );
    const started = Date.now();
    await expect(parseWorkbookToMemory(file(liar))).rejects.toMatchObject({
      statusCode: 422,
      message: 'Corrupt workbook',
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('fails with a typed 500 when the input stream breaks, leaving no tmp copy', async () => {
    const broken = new Readable({
      read() {
        this.destroy(new Error('socket hang up'));
      },
    });
    const before = spoolDirs();
    await expect(readWorkbook(broken, { onSheet() {}, onRow() {} })).rejects.toMatchObject({
      statusCode: 500,
    });
    expect(spoolDirs()).toBe(before);
  });

  it('rethrows errors from the sink untouched', async () => {
    const boom = new Error('store unavailable');
    const path = file(makeXlsx(SECURITY_LOGS));
    await expect(
      readWorkbook(path, {
        onSheet() {},
        onRow() {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
  });

  it.each([
    [
      'malformed XML',
      '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></roww></sheetData></worksheet>',
    ],
    [
      'a column past XFD',
      '<worksheet><sheetData><row r="1"><c r="ZZZZ1"><v>1</v></c></row></sheetData></worksheet>',
    ],
  ])('fails with 422 on a worksheet with %s', async (_label, xml) => {
    const parts = xlsxParts([{ name: 'A', rows: [['a'], [1]] }]).map((e) =>
      e.name === 'xl/worksheets/sheet1.xml' ? { name: e.name, data: xml } : e,
    );
    await expect(parseWorkbookToMemory(file(zip(parts)))).rejects.toMatchObject({ statusCode: 422 });
  });

  it('fails with 422 when workbook.xml lists a sheet whose part is missing', async () => {
    const parts = xlsxParts([{ name: 'A', rows: [['a'], [1]] }]).filter(
      (e) => e.name !== 'xl/worksheets/sheet1.xml',
    );
    await expect(parseWorkbookToMemory(file(zip(parts)))).rejects.toMatchObject({
      statusCode: 422,
      message: 'Corrupt workbook',
    });
  });
});

import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { readTable, tableFormatOf, typedField } from './tables';
import { makeXlsx } from './testing/make-xlsx';

describe('dataset files', () => {
  it('reads CSV with its separator, keeping text that only looks numeric', async () => {
    const table = await readTable(Buffer.from('id;amount;flag\n00123;12.5;true\n0x1A;-3;false\n'), {
      format: 'csv',
      separator: ';',
    });
    expect(table).toEqual({
      features: ['id', 'amount', 'flag'],
      rows: [
        ['00123', 12.5, true],
        ['0x1A', -3, false],
      ],
    });
    await expect(readTable(Buffer.from('a,b\n1,2\n3\n'), { format: 'csv' })).rejects.toThrow(/Malformed CSV/);
    expect(typedField('1e5')).toBe(100000);
  });

  it('keeps a quote inside an unquoted CSV field, and answers any other malformed CSV with a 400', async () => {
    expect(await readTable(Buffer.from('a,b\n1,x"y\n'), { format: 'csv' })).toEqual({
      features: ['a', 'b'],
      rows: [[1, 'x"y']],
    });
    for (const [csv, separator] of [
      ['a,b\n1,"x\n', ','],
      ['a,b\n1,2,3\n', ','],
      ['a,b\n1,2\n', ''],
    ] as const) {
      await expect(readTable(Buffer.from(csv), { format: 'csv', separator }), csv).rejects.toMatchObject({
        statusCode: 400,
        message: expect.stringMatching(/^Malformed CSV/),
      });
    }
  });

  it('names the XLSX columns holding formula text for want of a cached result', async () => {
    const file = makeXlsx([
      {
        name: 'S',
        rows: [
          ['n', 'double'],
          [1, { formula: 'A2*2' }],
          [2, 4],
        ],
      },
    ]);
    expect(await readTable(file, { format: 'xlsx' })).toEqual({
      features: ['n', 'double'],
      rows: [
        [1, '=A2*2'],
        [2, 4],
      ],
      formulaColumns: ['double'],
    });
  });

  it('reads JSON rows as objects or arrays, and refuses ragged ones', async () => {
    expect(await readTable(Buffer.from('[{"a":1,"b":"x"},{"a":2,"b":"y"}]'), { format: 'json' })).toEqual({
      features: ['a', 'b'],
      rows: [
        [1, 'x'],
        [2, 'y'],
      ],
    });
    await expect(
      readTable(Buffer.from('{"features":["a","b"],"data":[[1,2],[3]]}'), { format: 'json' }),
    ).rejects.toThrow(/Row 1/);
  });

  it('reads Parquet columns, 64-bit integers and booleans included', async () => {
    const file = parquetWriteBuffer({
      columnData: [
        { name: 'host', data: ['web-1', 'web-2', 'db-1'], type: 'STRING' },
        { name: 'bytes', data: [10n, 20n, 9_000_000_000n], type: 'INT64' },
        { name: 'cpu', data: [0.5, 0.25, 0.99], type: 'DOUBLE' },
        { name: 'ok', data: [true, true, false], type: 'BOOLEAN' },
      ],
    });
    const table = await readTable(Buffer.from(file), { format: 'parquet' });
    expect(table).toEqual({
      features: ['host', 'bytes', 'cpu', 'ok'],
      rows: [
        ['web-1', 10, 0.5, true],
        ['web-2', 20, 0.25, true],
        ['db-1', 9_000_000_000, 0.99, false],
      ],
    });
    await expect(readTable(Buffer.from('not parquet at all'), { format: 'parquet' })).rejects.toThrow(
      /Parquet/,
    );
    expect(tableFormatOf('metrics.parquet')).toBe('parquet');
    expect(() => tableFormatOf('notes.txt')).toThrow(/Unsupported/);
  });
});

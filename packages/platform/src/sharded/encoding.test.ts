import { describe, expect, it } from 'vitest';
import { prepareMatrix } from '../preprocess';
import { encode, fitEncoding } from './encoding';

const rows = [
  [1, 'a', 10, true],
  [3, 'b', null, false],
  [null, 'c', 30, true],
  [8, 'd', 40, false],
];
const names = ['x', 'label', 'y', 'flag'];

describe('the sample’s encoding', () => {
  it('makes of the sample the matrix one function would make of the same rows', () => {
    for (const preprocessing of [
      { handle_missing: 'mean' as const, normalize: true },
      {},
      { normalize: true },
      { handle_missing: 'median' as const },
      { handle_missing: 'drop' as const },
    ]) {
      const { encoding, matrix, rowIndex } = fitEncoding(names, rows, preprocessing);
      const single = prepareMatrix(names, rows, preprocessing);
      expect(encoding.features).toEqual(single.features);
      expect(encoding.ignored).toEqual(['label']);
      expect(rowIndex).toEqual(single.rowIndex);
      expect(Array.from(matrix.data)).toEqual(
        Array.from(single.matrix.data).map((v) => (Number.isNaN(v) ? Number.NaN : expect.closeTo(v, 12))),
      );
    }
  });

  it('encodes other rows with the sample’s fills and scale; text in a feature is missing', () => {
    const { encoding } = fitEncoding(names, rows, { normalize: true, handle_missing: 'mean' });
    expect(encoding.fill).toEqual([4, 80 / 3, 0.5]);
    const shard = [
      [4, 'zz', 80 / 3, 0.5],
      ['oops', 'zz', null, null],
    ];
    const { matrix } = encode(encoding, shard.length, (i) => shard[i]!);
    // Row 0 holds the fills themselves, row 1 only missing cells: both encode alike.
    expect(Array.from(matrix.data.subarray(0, 3))).toEqual(Array.from(matrix.data.subarray(3, 6)));
    // Left to the algorithm ('auto', the default): gaps stay NaN, a row with no value is not scored.
    const auto = fitEncoding(names, rows).encoding;
    const gaps = encode(auto, 3, (i) => [[1, 'x', null, true], [null, 'x', null, null], shard[0]!][i]!);
    expect(gaps.rowIndex).toEqual([0, 2]);
    expect(Number.isNaN(gaps.matrix.data[1]!)).toBe(true);
    const dropped = encode(
      fitEncoding(names, rows, { handle_missing: 'drop' }).encoding,
      2,
      (i) => shard[i]!,
    );
    expect(dropped.rowIndex).toEqual([0]);
  });
});

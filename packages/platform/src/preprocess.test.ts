import { describe, expect, it } from 'vitest';
import { modelMatrix, prepareMatrix } from './preprocess';

describe('the numeric matrix of a detection', () => {
  const features = ['amount', 'hour', 'note', 'blank'];
  const rows = [
    [10, 3, 'a', null],
    [null, 4, 'b', ''],
    [12, 'NA', 'c', null],
    [null, '', 'd', null],
    [11, 5, 'e', null],
  ];

  it("leaves missing cells to the algorithm under 'auto', dropping rows and features with no value", () => {
    const prepared = prepareMatrix(features, rows);
    expect(prepared.features).toEqual(['amount', 'hour']);
    expect(prepared.ignored).toEqual(['note', 'blank']);
    // Row 3 has no value in any numeric feature; "NA" and "" are gaps, not text.
    expect(prepared.rowIndex).toEqual([0, 1, 2, 4]);
    expect(Array.from(prepared.matrix.data)).toEqual([10, 3, Number.NaN, 4, 12, Number.NaN, 11, 5]);
    expect(prepared.missing).toEqual({
      cells: 2,
      rows: 2,
      features: { amount: 1, hour: 1 },
      rows_excluded: 1,
      empty_features: ['blank'],
    });
  });

  it('fills or drops as asked, and still counts what was missing', () => {
    const mean = prepareMatrix(features, rows, { handle_missing: 'mean' });
    expect(mean.rowIndex).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(mean.matrix.data)).toEqual([10, 3, 11, 4, 12, 4, 11, 4, 11, 5]);
    expect(mean.missing).toMatchObject({ cells: 4, rows: 3, rows_excluded: 0 });
    const drop = prepareMatrix(features, rows, { handle_missing: 'drop' });
    expect(drop.rowIndex).toEqual([0, 4]);
    expect(drop.missing).toMatchObject({ cells: 0, rows: 0, empty_features: ['blank'] });
  });

  it('standardises over the observed values, and reports nothing when nothing is missing', () => {
    const prepared = prepareMatrix(
      ['x', 'y'],
      [
        [1, 0],
        [null, 0],
        [3, 0],
      ],
      { normalize: true },
    );
    expect(Array.from(prepared.matrix.data)).toEqual([-1, 0, Number.NaN, 0, 1, 0]);
    expect(prepareMatrix(['x'], [[1], [2]]).missing).toBeNull();
  });
});

describe('modelMatrix', () => {
  it("keeps every model feature in its order, a gap as NaN for the model's own treatment", () => {
    const m = modelMatrix(
      ['a', 'b', 'c'],
      [
        [1, null, 'n/a'],
        [true, 2.5],
      ],
    );
    expect(m).toMatchObject({ n: 2, d: 3 });
    expect(Array.from(m.data)).toEqual([1, Number.NaN, Number.NaN, 1, 2.5, Number.NaN]);
  });

  it('refuses an infinite value with the cell named', () => {
    expect(() => modelMatrix(['a'], [[1], [Number.POSITIVE_INFINITY]])).toThrow(
      'data[1][0] (a) is not a finite number',
    );
  });
});

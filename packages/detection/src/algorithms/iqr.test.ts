import { describe, expect, it } from 'vitest';
import { detectorContract, matrix } from './detector-contract';
import { Iqr } from './iqr';

describe('Iqr', () => {
  detectorContract((p) => new Iqr(p));

  it('sums the distance beyond each feature’s fences in IQRs', () => {
    // Feature 0: Q1 2, Q3 4, IQR 2, fences −1 and 7. Feature 1: Q1 12, Q3 14, fences 9 and 17.
    const x = matrix([
      [1, 11],
      [2, 12],
      [3, 13],
      [4, 14],
      [5, 15],
    ]);
    const iqr = new Iqr().fit(x);
    expect(
      Array.from(
        iqr.score(
          matrix([
            [3, 13],
            [11, 13],
            [-5, 21],
          ]),
        ),
      ),
    ).toEqual([0, 2, 2 + 2]);
    expect(Array.from(iqr.explain(matrix([[-5, 21]]), 0))).toEqual([2, 2]);
    // Whisker 3: the upper fence of feature 0 moves to 4 + 3 · 2 = 10.
    expect(new Iqr({ whisker: 3 }).fit(x).score(matrix([[11, 13]]))[0]).toBe(0.5);
  });
});

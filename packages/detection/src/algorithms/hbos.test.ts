import { describe, expect, it } from 'vitest';
import { detectorContract, matrix, TAILS } from './detector-contract';
import { Hbos } from './hbos';

describe('Hbos', () => {
  detectorContract((p) => new Hbos(p), TAILS);
  describe("with nBins 'auto'", () => {
    detectorContract((p) => new Hbos({ nBins: 'auto', ...p }), TAILS);
  });

  it('scores ln((peak + 1) / (count + 1)) per feature; outside the range counts as empty', () => {
    // Two bins over [0, 10]: [0, 5) holds 4 values, [5, 10] holds 1 (the maximum included).
    const hbos = new Hbos({ nBins: 2 }).fit(matrix([[0], [1], [2], [3], [10]]));
    const [common, rare, outside] = hbos.score(matrix([[1], [10], [11]]));
    expect(common).toBe(0);
    expect(rare).toBeCloseTo(Math.log(5 / 2), 12);
    expect(outside).toBeCloseTo(Math.log(5), 12);
  });
});

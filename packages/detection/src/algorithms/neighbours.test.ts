import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/src/errors';
import { Random } from '../random';
import { gaussian } from '../test-data';
import { MAX_BRUTE_FORCE_ROWS, nearestOthers, neighbourSearch } from './neighbours';

/** Squared distances from the point to every row, ascending: the ground truth. */
function bruteForce(points: Float64Array, n: number, d: number, point: Float64Array): number[] {
  return Array.from({ length: n }, (_, r) => {
    let dd = 0;
    for (let j = 0; j < d; j++) dd += (point[j]! - points[r * d + j]!) ** 2;
    return dd;
  }).sort((a, b) => a - b);
}

function cloud(n: number, d: number, seed: number, grid = 0): Float64Array {
  const rng = new Random(seed);
  // A coarse grid makes many exact ties and duplicate rows, the hard case for tree pruning.
  return Float64Array.from({ length: n * d }, () =>
    grid ? Math.round(gaussian(rng) * grid) / grid : gaussian(rng),
  );
}

describe('neighbourSearch', () => {
  for (const [label, n, d, grid] of [
    ['k-d tree, continuous', 2000, 3, 0],
    ['k-d tree, ties and duplicates', 2000, 5, 2],
    ['k-d tree, one row', 1, 4, 0],
    ['brute force above 20 features', 300, 24, 0],
  ] as const) {
    it(`finds exactly the k nearest rows (${label})`, () => {
      const points = cloud(n, d, 5, grid);
      const search = neighbourSearch(points, n, d);
      const index = new Int32Array(8);
      const dist2 = new Float64Array(8);
      const queries = cloud(50, d, 9, grid);
      for (let q = 0; q < 50; q++) {
        const point = queries.subarray(q * d, q * d + d);
        const found = search.search(point, 8, index, dist2);
        const truth = bruteForce(points, n, d, point).slice(0, 8);
        expect(found).toBe(truth.length);
        expect(Array.from(dist2.subarray(0, found))).toEqual(truth);
        for (let t = 0; t < found; t++) {
          const row = points.subarray(index[t]! * d, index[t]! * d + d);
          expect(bruteForce(row, 1, d, point)[0]).toBe(dist2[t]);
        }
      }
    });
  }

  it('skips one copy of the point itself but keeps its duplicates', () => {
    const points = Float64Array.of(0, 0, 0, 3, 7);
    const search = neighbourSearch(points, 5, 1);
    const index = new Int32Array(3);
    const dist = new Float64Array(3);
    expect(nearestOthers(search, Float64Array.of(0), 2, index, dist)).toBe(2);
    expect(Array.from(dist.subarray(0, 2))).toEqual([0, 0]);
    expect(nearestOthers(search, Float64Array.of(7), 2, index, dist)).toBe(2);
    expect(Array.from(dist.subarray(0, 2))).toEqual([4, 7]);
    // A point not among the rows keeps all k.
    expect(nearestOthers(search, Float64Array.of(5), 2, index, dist)).toBe(2);
    expect(Array.from(dist.subarray(0, 2))).toEqual([2, 2]);
    const lone = neighbourSearch(Float64Array.of(1), 1, 1);
    expect(nearestOthers(lone, Float64Array.of(1), 3, new Int32Array(4), new Float64Array(4))).toBe(0);
  });

  it('refuses a brute-force search over too many rows', () => {
    const d = 21;
    const n = MAX_BRUTE_FORCE_ROWS + 1;
    expect(() => neighbourSearch(new Float64Array(n * d), n, d)).toThrow(ValidationError);
  });
});

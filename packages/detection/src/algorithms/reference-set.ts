import { encodeFloat64 } from './base';
import { type ColumnScale, meanStd, sharedScale, standardize } from './column-stats';
import { type NeighbourSearch, nearestOthers, neighbourSearch } from './neighbours';
import type { Matrix, ParameterAdjustment } from './types';

/**
 * Neighbours per row that `n` training rows allow: each has only n − 1 others, so a larger k
 * is cut to that (at least 1) and the cut recorded by `adjust` for the fit report. Users
 * expect a small sample to be scored rather than refused by a default k; they are told.
 */
export function usableK(k: number, n: number, adjust: (a: ParameterAdjustment) => void): number {
  const used = Math.min(k, Math.max(1, n - 1));
  if (used < k) {
    adjust({
      name: 'k',
      requested: k,
      used,
      reason:
        n === 1
          ? 'a single training row has no neighbours'
          : `${n} training rows have at most ${n - 1} neighbour${n === 2 ? '' : 's'} each`,
    });
  }
  return used;
}

/**
 * The training rows of a neighbour-based detector, optionally standardised (z-scores, so
 * that no feature dominates distances by its units alone; a constant feature keeps scale 1;
 * unstandardised, see sharedScale), with an exact nearest-neighbour index over them.
 */
export class ReferenceSet {
  private readonly cols: ColumnScale;
  private readonly points: Float64Array;
  private readonly index: NeighbourSearch;
  private readonly d: number;

  constructor(m: Matrix, scaled: boolean) {
    this.d = m.d;
    this.cols = scaled ? meanStd(m, () => 1) : sharedScale(m);
    this.points = standardize(m, this.cols);
    this.index = neighbourSearch(this.points, m.n, m.d);
  }

  /**
   * Calls `visit` for each row of `m` with its (up to) k nearest reference rows other than
   * itself — see {@link nearestOthers} — as row indices and Euclidean distances, nearest
   * first. The arrays are reused between calls.
   */
  neighboursOf(
    m: Matrix,
    k: number,
    visit: (row: number, index: Int32Array, dist: Float64Array, count: number) => void,
  ): void {
    const { d } = this;
    const z = new Float64Array(d);
    const index = new Int32Array(k + 1);
    const dist = new Float64Array(k + 1);
    for (let i = 0; i < m.n; i++) {
      for (let j = 0; j < d; j++) z[j] = (m.data[i * d + j]! - this.cols.center[j]!) / this.cols.scale[j]!;
      visit(i, index, dist, nearestOthers(this.index, z, k, index, dist));
    }
  }

  /**
   * Per feature, the mean squared (standardised) difference between the row and its k
   * nearest reference rows: the features that set it apart from its neighbourhood. They sum
   * to the mean squared distance to those neighbours.
   */
  separation(row: Float64Array, k: number): Float64Array {
    const { d, points } = this;
    const out = new Float64Array(d);
    this.neighboursOf({ data: row, n: 1, d }, k, (_, index, _dist, count) => {
      for (let t = 0; t < count; t++) {
        const base = index[t]! * d;
        for (let j = 0; j < d; j++) {
          const z = (row[j]! - this.cols.center[j]!) / this.cols.scale[j]!;
          out[j] = out[j]! + (z - points[base + j]!) ** 2 / count;
        }
      }
    });
    return out;
  }

  /** Scaling and the (standardised) reference rows as base64 float64, row-major. */
  toJSON(): unknown {
    return {
      center: Array.from(this.cols.center),
      scale: Array.from(this.cols.scale),
      rows: this.points.length / this.d,
      points: encodeFloat64(this.points),
    };
  }
}

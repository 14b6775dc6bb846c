import type { Detector } from '../algorithms/types';
import type { Matrix } from '../matrix';

/** Values per scoring call: 8 MB of doubles keeps memory flat without many tiny calls. */
const CHUNK_VALUES = 1 << 20;

/**
 * The interventional coalition game of one row: v(S) is the mean raw score of the
 * background rows with the features in S replaced by the row's values. Features outside S
 * keep each background row's own values, so correlations inside the background are kept
 * but those between S and the rest are broken — the "interventional" reading of SHAP.
 */
export class CoalitionGame {
  readonly d: number;
  private readonly nBackground: number;

  constructor(
    private readonly detector: Detector,
    private readonly background: Matrix,
    private readonly x: Float64Array,
  ) {
    this.d = background.d;
    this.nBackground = background.n;
  }

  /**
   * v(S) for each of `k` coalitions given as a k × d array of 0/1 flags (1 = take the
   * row's value), written to `out[outOffset ..]`.
   */
  values(flags: Uint8Array, k: number, out: Float64Array, outOffset = 0): void {
    const { d, nBackground: b } = this;
    const perChunk = Math.max(1, Math.floor(CHUNK_VALUES / (b * d)));
    const rows = new Float64Array(Math.min(k, perChunk) * b * d);
    for (let start = 0; start < k; start += perChunk) {
      const end = Math.min(k, start + perChunk);
      this.fill(flags, start, end, rows);
      const scores = this.detector.score({
        data: rows.subarray(0, (end - start) * b * d),
        n: (end - start) * b,
        d,
      });
      for (let c = start; c < end; c++) {
        let sum = 0;
        const base = (c - start) * b;
        for (let i = 0; i < b; i++) sum += scores[base + i]!;
        out[outOffset + c] = sum / b;
      }
    }
  }

  private fill(flags: Uint8Array, start: number, end: number, rows: Float64Array): void {
    const { d, nBackground: b, x } = this;
    const bg = this.background.data;
    for (let c = start; c < end; c++) {
      const f = c * d;
      const block = (c - start) * b * d;
      rows.set(bg.subarray(0, b * d), block);
      for (let j = 0; j < d; j++) {
        if (flags[f + j] !== 1) continue;
        const v = x[j]!;
        for (let i = 0; i < b; i++) rows[block + i * d + j] = v;
      }
    }
  }
}

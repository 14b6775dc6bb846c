import type { Cell } from '@pynomaly/ingest';

/**
 * Mean and standard deviation (population, as numpy's default) of each feature over its
 * numeric cells, accumulated one row at a time (Welford's form: one pass, no precision loss),
 * so a dataset streamed from S3 never has to be held; a feature without numbers gets null.
 */
export class FeatureStatistics {
  private readonly count: Float64Array;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;

  constructor(private readonly width: number) {
    this.count = new Float64Array(width);
    this.mean = new Float64Array(width);
    this.m2 = new Float64Array(width);
  }

  add(row: readonly Cell[]): void {
    for (let j = 0; j < this.width; j++) {
      const value = row[j];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      this.count[j]! += 1;
      const delta = value - this.mean[j]!;
      this.mean[j]! += delta / this.count[j]!;
      this.m2[j]! += delta * (value - this.mean[j]!);
    }
  }

  result(): { mean: Array<number | null>; std: Array<number | null> } {
    const round = (v: number) => Math.round(v * 1e6) / 1e6;
    return {
      mean: Array.from(this.mean, (m, j) => (this.count[j] ? round(m) : null)),
      std: Array.from(this.m2, (s, j) => (this.count[j] ? round(Math.sqrt(s / this.count[j]!)) : null)),
    };
  }
}

/** The statistics of rows already in memory. */
export function featureStatistics(
  rows: readonly Cell[][],
  width: number,
): { mean: Array<number | null>; std: Array<number | null> } {
  const stats = new FeatureStatistics(width);
  for (const row of rows) stats.add(row);
  return stats.result();
}

import type { Cell } from '@pynomaly/ingest';

/**
 * Mean and standard deviation (population, as numpy's default) of each feature, over the
 * numeric cells only (Welford's running form, so one pass and no precision loss); a feature
 * with no numeric cell has null.
 */
export function featureStatistics(
  rows: readonly Cell[][],
  width: number,
): { mean: Array<number | null>; std: Array<number | null> } {
  const count = new Float64Array(width);
  const mean = new Float64Array(width);
  const m2 = new Float64Array(width);
  for (const row of rows) {
    for (let j = 0; j < width; j++) {
      const value = row[j];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      count[j]! += 1;
      const delta = value - mean[j]!;
      mean[j]! += delta / count[j]!;
      m2[j]! += delta * (value - mean[j]!);
    }
  }
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return {
    mean: Array.from(mean, (m, j) => (count[j] ? round(m) : null)),
    std: Array.from(m2, (s, j) => (count[j] ? round(Math.sqrt(s / count[j]!)) : null)),
  };
}

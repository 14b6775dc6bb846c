/**
 * How far each value of a flagged row is from its dataset's usual, in standard deviations: the
 * per-anomaly feature-deviation chart of a detection. Columns without statistics (not numeric)
 * or without spread are left out; the largest deviation comes first.
 */
export interface ColumnStatistics {
  feature_names: string[];
  statistics: { mean: Array<number | null>; std: Array<number | null> };
}

export interface Deviation {
  feature: string;
  value: number;
  mean: number;
  /** (value − mean) / std. */
  sigmas: number;
}

export function deviations(row: Record<string, unknown>, dataset: ColumnStatistics): Deviation[] {
  return dataset.feature_names
    .flatMap((feature, i) => {
      const value = row[feature];
      const mean = dataset.statistics.mean[i];
      const std = dataset.statistics.std[i];
      if (typeof value !== 'number' || mean == null || !std) return [];
      return [{ feature, value, mean, sigmas: (value - mean) / std }];
    })
    .sort((a, b) => Math.abs(b.sigmas) - Math.abs(a.sigmas));
}

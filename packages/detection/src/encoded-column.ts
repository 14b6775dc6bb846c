/** How one row stands out in one column, in words and values a person can check. */
export interface Description {
  actual_value: string | number | boolean | null;
  expected_value: string | number | null;
  deviation: string;
}

/**
 * A column turned into model features plus the context to explain them. `describe`
 * receives, per feature of this column, the row's positive path attribution, so a column
 * with several features (time of day, weekday, gap) can say which one made the row odd.
 */
export interface EncodedColumn {
  /** Engineered values, one array of n per feature, missing values already imputed. */
  features: Float64Array[];
  /** Relative say of the whole column in the forest. */
  weight: number;
  /** How the column's say is shared among its features (relative, one per feature); even when absent. */
  featureWeights?: number[];
  describe(row: number, parts: readonly number[]): Description;
}

/** Indices of the parts that matter: at least a quarter of the largest, and positive. */
export function significantParts(parts: readonly number[]): number[] {
  const top = Math.max(0, ...parts);
  return parts.flatMap((p, k) => (top > 0 && p >= top / 4 ? [k] : []));
}

/** Index of the largest part. */
export function dominantPart(parts: readonly number[]): number {
  let best = 0;
  for (let k = 1; k < parts.length; k++) if (parts[k]! > parts[best]!) best = k;
  return best;
}

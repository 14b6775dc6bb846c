import type { ColumnKind } from './columns';
import type { EncodedColumn } from './encoded-column';
import type { AnomalousFeature } from './table-types';

/** A sheet column as the model sees it: its encoding and which of its features vary. */
export interface ModelColumn {
  name: string;
  kind: ColumnKind;
  encoded: EncodedColumn | null;
  /** Indices into `encoded.features` that were fed to the forest, in feature order. */
  slots: number[];
}

/** Columns below this share of a row's isolation are noise from random splits, not reasons. */
const MIN_SHARE = 0.05;

/**
 * Turns one row's per-feature path attribution into the columns that made it unusual:
 * attributions are summed per column, negative totals (splits that kept the row with the
 * crowd) count as 0, shares are taken of the positive total, and columns under 5 % are
 * dropped — but the top column is always kept so every flagged row has a reason.
 */
export function explainRow(
  row: number,
  attribution: Float64Array,
  features: ReadonlyArray<{ column: number; slot: number }>,
  columns: readonly ModelColumn[],
): AnomalousFeature[] {
  const totals = new Float64Array(columns.length);
  const parts = columns.map((c) => new Array<number>(c.encoded?.features.length ?? 0).fill(0));
  features.forEach(({ column, slot }, j) => {
    const a = attribution[j]!;
    totals[column] = totals[column]! + a;
    parts[column]![slot] = Math.max(a, 0);
  });
  let positive = 0;
  for (const t of totals) positive += Math.max(t, 0);
  const ranked = columns
    .map((_, c) => c)
    .filter((c) => columns[c]!.slots.length > 0)
    .sort((a, b) => totals[b]! - totals[a]! || a - b);
  const share = (c: number) => (positive > 0 ? Math.max(totals[c]!, 0) / positive : 0);
  const chosen = ranked.filter((c, rank) => rank === 0 || share(c) >= MIN_SHARE);
  return chosen.map((c) => {
    const column = columns[c]!;
    return {
      feature_name: column.name,
      ...column.encoded!.describe(row, parts[c]!),
      contribution_score: Math.floor(share(c) * 1000) / 1000,
    };
  });
}

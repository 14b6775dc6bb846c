import type { Cell } from './cells';
import type { ColumnKind } from './columns';

export type { Cell } from './cells';
export type { ColumnKind } from './columns';

/** A sheet: a header per column and rows of cells (short rows are padded with missing cells). */
export interface TableInput {
  headers: string[];
  rows: Cell[][];
}

/** One column's part in making a row anomalous, in the shape the triage API returns. */
export interface AnomalousFeature {
  /** The column header. */
  feature_name: string;
  /** The row's value; for timestamps its time of day ("03:15"). */
  actual_value: string | number | boolean | null;
  /** What ordinary rows hold: median, usual hours ("09:00-17:00"), most common value or network. */
  expected_value: string | number | null;
  /** Human-readable difference, e.g. "+300x usual volume" or "03:15, outside usual 09:00-17:00". */
  deviation: string;
  /**
   * The column's share of the row's isolation (its positive path attribution over the sum
   * of all columns' positive attributions), floored to 3 decimals. Shares of all columns
   * sum to 1; only meaningful ones are listed, so the listed ones sum to at most 1.
   */
  contribution_score: number;
}

/** A row scored above the threshold and why. */
export interface FlaggedRow {
  /** 0-based index into `rows`. */
  rowIndex: number;
  /** Isolation-forest anomaly score in (0, 1]. */
  score: number;
  /** Columns that made the row unusual, largest contribution first (at least one). */
  features: AnomalousFeature[];
}

/** Result of {@link analyzeTable}. */
export interface TableAnalysis {
  /** Anomaly score of every row, in row order. */
  scores: Float64Array;
  /** Rows scoring strictly above this are flagged. */
  threshold: number;
  /** Flagged rows, highest score first, at most `maxAnomalies`. */
  flagged: FlaggedRow[];
  /** Each column's inferred kind and whether it fed the model (constant and empty ones do not). */
  columns: Array<{ name: string; kind: ColumnKind; used: boolean }>;
}

/** Options of {@link analyzeTable}. */
export interface AnalyzeOptions {
  /** Seed of the forest; the same seed and sheet give identical results. @default 0 */
  seed?: number;
  /**
   * 'auto': rows above both sklearn's 0.5 and the sheet's far-out fence (Q3 + 3·IQR of its
   * scores); or the expected share of anomalies in (0, 0.5]. @default 'auto'
   */
  contamination?: 'auto' | number;
  /** Cap on flagged rows. @default 1000 */
  maxAnomalies?: number;
  /** Trees in the forest. @default 100 */
  nEstimators?: number;
}

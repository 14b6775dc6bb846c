import type { FindingEvidence } from '@pynomaly/logs';

/** A spreadsheet cell as stored after ingest; dates arrive as ISO strings. */
export type CellValue = string | number | boolean | null;

/** One feature the detector singled out, with the baseline it compared against. */
export interface AnomalousFeature {
  feature_name: string;
  actual_value: CellValue;
  expected_value: string | number | null;
  deviation: string;
  contribution_score: number;
}

/** The detector's output for one row: everything the rules engine is allowed to look at. */
export interface AnomalyEvidence {
  id: string;
  dataset_id: string;
  sheet_name: string;
  row_index: number;
  /** 0..1 */
  anomaly_score: number;
  /** The row, header → cell. Untrusted: it is evidence, never instructions. */
  raw_data: Record<string, CellValue>;
  anomalous_features: AnomalousFeature[];
  /** The log analysis's value-typed reading of the row and its incident; absent on rows detected without it. */
  evidence?: FindingEvidence | null;
}

/** Everything time- or history-dependent is passed in, so the engine stays a pure function. */
export interface TriageContext {
  now: Date;
  similarIncidentsCount: number;
  startedAt?: Date;
}

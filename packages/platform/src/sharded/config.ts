import { z } from 'zod';

/**
 * When and how a detection of a stored dataset is sharded (docs/adr/0013). Read from the
 * environment, so a test stack can shard a small dataset; the defaults are sized for the
 * detection task functions' 3008 MB.
 */
const schema = z.object({
  /**
   * Cells (rows × features) above which a stored dataset is detected in shards. One function
   * grew by 273 MB and took 12.4 s for 1M rows × 4 features (68 B and 3 µs a cell,
   * bench/RESULTS.md "Large data"): 20M cells is about 1.4 GB and a minute there, under half the
   * detection task's 3008 MB; past it a single task nears its memory, while a shard does not grow.
   */
  SHARDED_DETECTION_CELLS: z.coerce.number().int().positive().default(20_000_000),
  /** Cells of one shard: 10M is 1M rows of 10 features (bench/RESULTS.md, "Scale-out"). */
  DETECTION_SHARD_CELLS: z.coerce.number().int().positive().default(10_000_000),
  /** Rows the model is fitted on: ample for a forest's 256-row trees and the score scale. */
  DETECTION_SAMPLE_ROWS: z.coerce.number().int().positive().default(100_000),
});

export type ShardingConfig = z.infer<typeof schema>;

export function shardingConfig(environment: NodeJS.ProcessEnv = process.env): ShardingConfig {
  return schema.parse(environment);
}

/** Rows of each shard of a dataset `features` wide. */
export const shardRows = (config: ShardingConfig, features: number): number =>
  Math.max(1, Math.floor(config.DETECTION_SHARD_CELLS / Math.max(1, features)));

/** Whether a detection of a stored dataset of this size runs sharded. */
export const isSharded = (config: ShardingConfig, size: { rows: number; features: number }): boolean =>
  size.rows * size.features > config.SHARDED_DETECTION_CELLS;

/** Highest scored rows each shard reports and the run lists (anomaly_count counts them all). */
export const LISTED_ANOMALIES = 1000;

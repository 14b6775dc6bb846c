import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '@pynomaly/core';
import { isConditionFailure, keys, stripKeys, Table } from './table';

/** A table a data team created or uploaded for the `/api/v1` detection API (seed 002). */
export interface TabularDatasetRecord {
  id: string;
  tenant_id: string;
  user_id: string;
  name: string;
  description: string | null;
  feature_names: string[];
  size: number;
  metadata: Record<string, unknown>;
  statistics: { mean: Array<number | null>; std: Array<number | null> };
  /** Rows as NDJSON in the data bucket. */
  s3_key: string;
  source: 'inline' | 'upload';
  created_at: string;
  updated_at: string;
}

/** A detection run and its summary; the anomalies themselves live in the data bucket. */
export interface DetectionRecord {
  id: string;
  tenant_id: string;
  user_id: string;
  dataset_id: string | null;
  algorithm: string;
  parameters: Record<string, unknown>;
  /** The trained detector that scored the rows (a stored prediction); absent for a run that fitted an algorithm. */
  detector_id?: string | null;
  status: 'running' | 'completed' | 'failed';
  /** Why a run failed. */
  error_message?: string | null;
  n_samples: number;
  anomaly_count: number;
  anomaly_rate: number;
  threshold: number;
  expected_false_positives: number;
  processing_time: number;
  results_key: string;
  batch_id: string | null;
  created_at: string;
  completed_at: string;
  /** A sharded run's shards scored so far and in all (docs/adr/0013); absent for a run in one function. */
  progress?: { shards_done: number; shards_total: number };
  /** Missing values among the rows detected on and how they were treated; null (or absent) when none. */
  missing?: DetectionMissing | null;
  /** Parameters the rows did not allow as given (k above the rows there are), and what was used. */
  adjusted_parameters?: DetectionParameterAdjustment[];
}

/** What a detection found missing (null, empty or NaN cells) and what became of it. */
export interface DetectionMissing {
  cells: number;
  rows: number;
  /** Missing cells per feature, for the features with any. */
  features: Record<string, number>;
  /**
   * The algorithm's own treatment ('median', 'skip', 'expected', 'reconstruct'; 'members' for an
   * ensemble, each member by its own) or the fill asked for in preprocessing ('mean', 'median',
   * 'zero', 'drop').
   */
  handling: 'median' | 'skip' | 'expected' | 'reconstruct' | 'members' | 'mean' | 'zero' | 'drop';
  /** Rows with no value in any feature, left out. */
  rows_excluded: number;
  /** Features with no value in any row, left out. */
  empty_features: string[];
}

/** A parameter a detection adjusted to its rows. */
export interface DetectionParameterAdjustment {
  name: string;
  requested: number | string | boolean;
  used: number | string | boolean;
  reason: string;
}

/**
 * A run's item as stored: a sharded run keeps its shard count and the set of shards scored
 * (a set, so that a retried shard task counts once), read back as `progress`.
 */
function detectionFromItem(item: Record<string, unknown>): DetectionRecord {
  const { shards_total, shards_scored, ...rest } = stripKeys<
    DetectionRecord & { shards_total?: number; shards_scored?: Set<number> }
  >(item);
  if (typeof shards_total !== 'number') return rest;
  return { ...rest, progress: { shards_done: shards_scored?.size ?? 0, shards_total } };
}

const tabularKey = (id: string) => `TDATASET#${id}`;
const detectionKey = (id: string) => `DETECTION#${id}`;

/** Tabular datasets of the v1 API. */
export class TabularDatasetRepository {
  constructor(private readonly table: Table = new Table()) {}

  async put(record: TabularDatasetRecord): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: {
          pk: keys.tenant(record.tenant_id),
          sk: tabularKey(record.id),
          entity: 'tabular_dataset',
          ...record,
        },
      }),
    );
  }

  async get(tenantId: string, id: string): Promise<TabularDatasetRecord> {
    const item = await this.table.get(keys.tenant(tenantId), tabularKey(id));
    if (!item) throw new NotFoundError('Dataset not found');
    return stripKeys<TabularDatasetRecord>(item);
  }

  async list(tenantId: string): Promise<TabularDatasetRecord[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': 'TDATASET#' },
    });
    return items.map((i) => stripKeys<TabularDatasetRecord>(i));
  }

  async update(
    tenantId: string,
    id: string,
    patch: Partial<TabularDatasetRecord>,
  ): Promise<TabularDatasetRecord> {
    await this.get(tenantId, id);
    return stripKeys<TabularDatasetRecord>(
      await this.table.updateExisting(keys.tenant(tenantId), tabularKey(id), patch),
    );
  }

  async remove(tenantId: string, id: string): Promise<void> {
    await this.table.batchDelete([{ pk: keys.tenant(tenantId), sk: tabularKey(id) }]);
  }
}

/** Detection runs of the v1 API. */
export class DetectionRepository {
  constructor(private readonly table: Table = new Table()) {}

  async put(record: DetectionRecord): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: {
          pk: keys.tenant(record.tenant_id),
          sk: detectionKey(record.id),
          entity: 'detection',
          ...record,
        },
      }),
    );
  }

  /**
   * Stores a finished run unless its record has already ended: new, or still `running` (a
   * queued run). False (nothing written) when a retried task finds its run completed or failed,
   * so whoever announces the result announces it once.
   */
  async putFinished(record: DetectionRecord): Promise<boolean> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: {
            pk: keys.tenant(record.tenant_id),
            sk: detectionKey(record.id),
            entity: 'detection',
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :running',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':running': 'running' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async get(tenantId: string, id: string): Promise<DetectionRecord> {
    const item = await this.table.get(keys.tenant(tenantId), detectionKey(id));
    if (!item) throw new NotFoundError('Detection result not found');
    return detectionFromItem(item);
  }

  /** A sharded run still `running` has `total` shards to score; false once it has ended. */
  async startShards(tenantId: string, id: string, total: number): Promise<boolean> {
    return this.table.updateWhileStatus(keys.tenant(tenantId), detectionKey(id), ['running'], {
      shards_total: total,
    });
  }

  /** Counts shard `shard` of a running sharded run as scored (again, after a retry, changes nothing). */
  async markShardScored(tenantId: string, id: string, shard: number): Promise<void> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: { pk: keys.tenant(tenantId), sk: detectionKey(id) },
          UpdateExpression: 'ADD shards_scored :shard',
          ConditionExpression: '#status = :running',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':shard': new Set([shard]), ':running': 'running' },
        }),
      );
    } catch (error) {
      // A run that has ended (failed elsewhere, or stopped) keeps the progress it had.
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** Updates a run still `running`; false (nothing written) once it has ended or is gone. */
  async updateWhileRunning(tenantId: string, id: string, patch: Partial<DetectionRecord>): Promise<boolean> {
    return this.table.updateWhileStatus(keys.tenant(tenantId), detectionKey(id), ['running'], patch);
  }

  /** Newest first. */
  async list(tenantId: string, limit: number): Promise<DetectionRecord[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': 'DETECTION#' },
      ScanIndexForward: false,
    });
    return items.slice(0, limit).map(detectionFromItem);
  }
}

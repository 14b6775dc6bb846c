import { PutCommand } from '@aws-sdk/lib-dynamodb';
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
    return stripKeys<DetectionRecord>(item);
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
    return items.slice(0, limit).map((i) => stripKeys<DetectionRecord>(i));
  }
}

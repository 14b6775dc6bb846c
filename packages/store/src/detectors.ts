import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '@pynomaly/core';
import { keys, stripKeys, Table } from './table';

/** What training measured on the held-out rows (label metrics only when labels exist). */
export interface ValidationMetrics {
  n_train: number;
  n_validation: number;
  anomaly_rate: number;
  roc_auc?: number;
  average_precision?: number;
  accuracy?: number;
  precision?: number;
  recall?: number;
  f1?: number;
  /** The same as `f1`, under the name seed 002 uses. */
  f1_score?: number;
}

/** A configured detector; once trained, also the model (its fitted state lives in the bucket). */
export interface DetectorRecord {
  id: string;
  tenant_id: string;
  user_id: string;
  name: string;
  description: string | null;
  algorithm: string;
  parameters: Record<string, unknown>;
  status: 'created' | 'trained';
  feature_names: string[] | null;
  dataset_id: string | null;
  label_column: string | null;
  training_time: number | null;
  metrics: ValidationMetrics | null;
  threshold: number | null;
  model_key: string | null;
  created_at: string;
  updated_at: string;
  trained_at: string | null;
}

/** An ensemble of trained detectors combined by one rule. */
export interface EnsembleRecord {
  id: string;
  tenant_id: string;
  user_id: string;
  name: string;
  description: string | null;
  detector_ids: string[];
  combination: 'average' | 'maximum' | 'median' | 'majority_vote';
  created_at: string;
}

/** Records of one kind in the tenant's partition, under one sort-key prefix. */
class TenantItems<T extends { id: string; tenant_id: string }> {
  constructor(
    private readonly table: Table,
    private readonly prefix: string,
    private readonly entity: string,
    private readonly notFound: string,
  ) {}

  async put(record: T): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: {
          pk: keys.tenant(record.tenant_id),
          sk: `${this.prefix}${record.id}`,
          entity: this.entity,
          ...record,
        },
      }),
    );
  }

  async get(tenantId: string, id: string): Promise<T> {
    const item = await this.table.get(keys.tenant(tenantId), `${this.prefix}${id}`);
    if (!item) throw new NotFoundError(this.notFound);
    return stripKeys<T>(item);
  }

  /** Newest first (ids are time-ordered). */
  async list(tenantId: string): Promise<T[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': this.prefix },
      ScanIndexForward: false,
    });
    return items.map((i) => stripKeys<T>(i));
  }

  async remove(tenantId: string, id: string): Promise<void> {
    await this.get(tenantId, id);
    await this.table.batchDelete([{ pk: keys.tenant(tenantId), sk: `${this.prefix}${id}` }]);
  }
}

export class DetectorRepository extends TenantItems<DetectorRecord> {
  constructor(table: Table = new Table()) {
    super(table, 'DETECTOR#', 'detector', 'Detector not found');
  }
}

export class EnsembleRepository extends TenantItems<EnsembleRecord> {
  constructor(table: Table = new Table()) {
    super(table, 'ENSEMBLE#', 'ensemble', 'Ensemble not found');
  }
}

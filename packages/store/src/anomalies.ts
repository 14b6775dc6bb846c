import { NotFoundError } from '@pynomaly/core';
import { keys, stripKeys, Table } from './table';
import type { AnomalyRecord, AnomalyStatus } from './types';

/** Within a dataset, anomalies sort by score, highest first. */
const byScore = (a: AnomalyRecord) => `ANOMALY#${(1 - a.anomaly_score).toFixed(8)}#${a.id}`;

const anomalyItem = (a: AnomalyRecord) => ({
  pk: keys.tenant(a.tenant_id),
  sk: keys.anomaly(a.id),
  gsi1pk: keys.datasetChildren(a.tenant_id, a.dataset_id),
  gsi1sk: byScore(a),
  entity: 'anomaly',
  ...a,
});

/** Detected anomalies. Ids are derived from dataset, sheet and row, so a retried detection rewrites the same items. */
export class AnomalyRepository {
  constructor(private readonly table: Table = new Table()) {}

  async putMany(anomalies: AnomalyRecord[]): Promise<void> {
    await this.table.batchWrite(anomalies.map((a) => ({ PutRequest: { Item: anomalyItem(a) } })));
  }

  async find(tenantId: string, id: string): Promise<AnomalyRecord | undefined> {
    const item = await this.table.get(keys.tenant(tenantId), keys.anomaly(id));
    return item ? stripKeys<AnomalyRecord>(item) : undefined;
  }

  async get(tenantId: string, id: string): Promise<AnomalyRecord> {
    const found = await this.find(tenantId, id);
    if (!found) throw new NotFoundError('Anomaly not found');
    return found;
  }

  async listByDataset(
    tenantId: string,
    datasetId: string,
    filter: { status?: AnomalyStatus; minScore?: number } = {},
  ): Promise<AnomalyRecord[]> {
    const items = await this.table.queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.datasetChildren(tenantId, datasetId), ':prefix': 'ANOMALY#' },
    });
    return items
      .map((i) => stripKeys<AnomalyRecord>(i))
      .filter((a) => (filter.status ? a.status === filter.status : true))
      .filter((a) => (filter.minScore !== undefined ? a.anomaly_score >= filter.minScore : true));
  }

  async update(tenantId: string, id: string, patch: Partial<AnomalyRecord>): Promise<void> {
    await this.table.updateExisting(keys.tenant(tenantId), keys.anomaly(id), patch);
  }

  /** How many anomalies the tenant has, across datasets. */
  async count(tenantId: string): Promise<number> {
    return (await this.totals(tenantId)).total;
  }

  /** How many anomalies the tenant has, across datasets, and how many of them are suppressed. */
  async totals(tenantId: string): Promise<{ total: number; suppressed: number }> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': 'ANOMALY#' },
      ProjectionExpression: 'pk, suppressed',
    });
    return { total: items.length, suppressed: items.filter((i) => i.suppressed === true).length };
  }

  async removeByDataset(tenantId: string, datasetId: string): Promise<void> {
    await this.table.batchDelete(await this.table.childKeys(tenantId, datasetId, 'ANOMALY#'));
  }
}

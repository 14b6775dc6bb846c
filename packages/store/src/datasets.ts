import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '@pynomaly/core';
import { isConditionFailure, keys, stripKeys, Table } from './table';
import type { DatasetRecord, DatasetStatus, SessionRecord } from './types';

const datasetItem = (d: DatasetRecord) => ({
  pk: keys.tenant(d.tenant_id),
  sk: keys.dataset(d.id),
  entity: 'dataset',
  ...d,
});
const sessionItem = (s: SessionRecord) => ({
  pk: keys.tenant(s.tenant_id),
  sk: keys.session(s.id),
  entity: 'session',
  ...s,
});

/** The statuses of a dataset whose analysis is under way; `completed`, `error` and `rejected` are final. */
export const DATASET_RUNNING_STATUSES: readonly DatasetStatus[] = [
  'uploaded',
  'parsing',
  'parsed',
  'analyzing',
];

/** Datasets and their analysis sessions. */
export class DatasetRepository {
  constructor(private readonly table: Table = new Table()) {}

  /**
   * Records a dataset and its session once: the upload route and the drop-folder consumer
   * may both register the same object, and whichever comes second changes nothing.
   * Returns the stored dataset, and whether this call stored it.
   */
  async register(
    dataset: DatasetRecord,
    session: SessionRecord,
  ): Promise<{ dataset: DatasetRecord; created: boolean }> {
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table.name,
                Item: datasetItem(dataset),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.table.name,
                Item: sessionItem(session),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return { dataset, created: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return { dataset: await this.get(dataset.tenant_id, dataset.id), created: false };
    }
  }

  async find(tenantId: string, id: string): Promise<DatasetRecord | undefined> {
    const item = await this.table.get(keys.tenant(tenantId), keys.dataset(id));
    return item ? stripKeys<DatasetRecord>(item) : undefined;
  }

  async get(tenantId: string, id: string): Promise<DatasetRecord> {
    const found = await this.find(tenantId, id);
    if (!found) throw new NotFoundError('Dataset not found');
    return found;
  }

  /** Newest first. */
  async list(tenantId: string, filter: { status?: DatasetStatus; limit: number }): Promise<DatasetRecord[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': 'DATASET#' },
      ScanIndexForward: false,
    });
    return items
      .map((i) => stripKeys<DatasetRecord>(i))
      .filter((d) => !filter.status || d.status === filter.status)
      .slice(0, filter.limit);
  }

  async update(tenantId: string, id: string, patch: Partial<DatasetRecord>): Promise<void> {
    await this.table.updateExisting(keys.tenant(tenantId), keys.dataset(id), patch);
  }

  /** Updates a dataset still being analysed; false (nothing written) once that has ended or it is gone. */
  async updateWhileRunning(tenantId: string, id: string, patch: Partial<DatasetRecord>): Promise<boolean> {
    return this.table.updateWhileStatus(
      keys.tenant(tenantId),
      keys.dataset(id),
      DATASET_RUNNING_STATUSES,
      patch,
    );
  }

  /** Takes back a registration whose object never arrived: the dataset and its session. */
  async unregister(dataset: DatasetRecord): Promise<void> {
    await this.table.batchDelete([
      { pk: keys.tenant(dataset.tenant_id), sk: keys.dataset(dataset.id) },
      { pk: keys.tenant(dataset.tenant_id), sk: keys.session(dataset.session_id) },
    ]);
  }

  async remove(tenantId: string, id: string): Promise<void> {
    await this.table.batchDelete([{ pk: keys.tenant(tenantId), sk: keys.dataset(id) }]);
  }
}

import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { documentClient, required } from '@pynomaly/core';

/** Storage keys; every partition is a tenant's, so no query can cross tenants. */
export const keys = {
  tenant: (tenantId: string) => `TENANT#${tenantId}`,
  dataset: (id: string) => `DATASET#${id}`,
  session: (id: string) => `SESSION#${id}`,
  anomaly: (id: string) => `ANOMALY#${id}`,
  report: (id: string) => `REPORT#${id}`,
  /** A report's history entries sort by their number (zero-padded), oldest first. */
  reportHistory: (reportId: string, seq?: number) =>
    `HISTORY#${reportId}#${seq === undefined ? '' : String(seq).padStart(8, '0')}`,
  threat: (threatType: string) => `THREAT#${threatType}`,
  suppressionRule: (id: string) => `SUPPRESSION#${id}`,
  /** How many findings of one dataset a rule suppressed. */
  suppressionApplied: (ruleId: string, datasetId: string) => `SUPPRESSION#${ruleId}#DATASET#${datasetId}`,
  /** A true-positive verdict on a signature, one item per report. */
  priorityMark: (signatureId: string, reportId: string) => `PRIORITY#${signatureId}#${reportId}`,
  datasetChildren: (tenantId: string, datasetId: string) => `TENANT#${tenantId}#DATASET#${datasetId}`,
};

export type Item = Record<string, unknown>;

const storageFields = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'entity', 'expires_at']);

/** The record without its storage keys. */
export function stripKeys<T>(item: Item): T {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !storageFields.has(k))) as T;
}

const MAX_BATCH_ATTEMPTS = 8;

/** The single table, with the few access helpers the repositories share. */
export class Table {
  readonly name: string;
  constructor(
    readonly client: DynamoDBDocumentClient = documentClient(),
    name?: string,
  ) {
    this.name = name ?? required('TABLE_NAME');
  }

  async get(pk: string, sk: string): Promise<Item | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.name, Key: { pk, sk }, ConsistentRead: true }),
    );
    return out.Item;
  }

  /** Every page of a query. */
  async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({ ...input, TableName: this.name, ExclusiveStartKey: startKey }),
      );
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /** Writes or deletes in batches of 25, retrying only what DynamoDB left unprocessed. */
  async batchWrite(requests: NonNullable<BatchWriteCommandInput['RequestItems']>[string]): Promise<void> {
    for (let i = 0; i < requests.length; i += 25) {
      let pending: typeof requests = requests.slice(i, i + 25);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= MAX_BATCH_ATTEMPTS)
          throw new Error(`BatchWrite left ${pending.length} items unprocessed`);
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * 50 * 2 ** attempt));
        const out = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.name]: pending } }));
        pending = out.UnprocessedItems?.[this.name] ?? [];
      }
    }
  }

  /** Writes an item that must be new: true when written, false when one with its keys exists. */
  async putNew(item: Item & { pk: string; sk: string }): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({ TableName: this.name, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Updates fields of an item that must exist; ConditionalCheckFailed when it does not. */
  async updateExisting(pk: string, sk: string, patch: Item): Promise<Item> {
    const out = await this.client.send(
      new UpdateCommand({
        TableName: this.name,
        Key: { pk, sk },
        ConditionExpression: 'attribute_exists(pk)',
        ReturnValues: 'ALL_NEW',
        ...setExpression(patch),
      }),
    );
    return out.Attributes ?? {};
  }

  /**
   * Updates fields of an item only while its `status` is one of `statuses` (or, with
   * `orWithoutStatus`, while the item has none yet), in one conditional write: true when
   * written, false when the item is gone or its status has moved on.
   */
  async updateWhileStatus(
    pk: string,
    sk: string,
    statuses: readonly string[],
    patch: Item,
    options: { orWithoutStatus?: boolean } = {},
  ): Promise<boolean> {
    const set = setExpression(patch);
    const allowed = Object.fromEntries(statuses.map((status, i) => [`:status${i}`, status]));
    const among = `#status IN (${Object.keys(allowed).join(', ')})`;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.name,
          Key: { pk, sk },
          ConditionExpression: options.orWithoutStatus
            ? `attribute_exists(pk) AND (${among} OR attribute_not_exists(#status))`
            : among,
          UpdateExpression: set.UpdateExpression,
          ExpressionAttributeNames: { ...set.ExpressionAttributeNames, '#status': 'status' },
          ExpressionAttributeValues: { ...set.ExpressionAttributeValues, ...allowed },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** The keys of every item of a dataset's children (anomalies, reports, their history) on the dataset index. */
  async childKeys(
    tenantId: string,
    datasetId: string,
    prefix: 'ANOMALY#' | 'REPORT#' | 'HISTORY#',
  ): Promise<Item[]> {
    return this.queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.datasetChildren(tenantId, datasetId), ':prefix': prefix },
      ProjectionExpression: 'pk, sk',
    });
  }

  async batchDelete(items: Item[]): Promise<void> {
    await this.batchWrite(items.map((i) => ({ DeleteRequest: { Key: { pk: i.pk, sk: i.sk } } })));
  }
}

/** True for DynamoDB's "the condition did not hold" (including inside a transaction). */
export function isConditionFailure(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException';
}

/** SET expressions for a partial update; undefined fields are left alone. */
export function setExpression(patch: Item): {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
} {
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
  if (entries.length === 0) throw new Error('setExpression needs at least one field');
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = entries.map(([field, value], i) => {
    names[`#f${i}`] = field;
    values[`:v${i}`] = value;
    return `#f${i} = :v${i}`;
  });
  return {
    UpdateExpression: `SET ${sets.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

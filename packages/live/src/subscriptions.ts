import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { Table } from '@pynomaly/store';

/**
 * What a GraphQL subscription listens to: the anomalies found on a dataset, or a model's
 * training. Subscribers are listed per tenant and topic when an event arrives.
 */
export type SubscriptionTopic = `dataset:${string}` | `model:${string}`;

/** One GraphQL subscription of a live connection, as the table holds it. */
export interface SubscriptionRecord {
  connection_id: string;
  /** The client's id of the operation (graphql-transport-ws `subscribe.id`). */
  id: string;
  tenant_id: string;
  topic: SubscriptionTopic;
  /** The validated document, its variables and operation name: run again for each event. */
  query: string;
  variables: Record<string, unknown>;
  operation_name: string | null;
  created_at: string;
  /** Epoch seconds: a subscription dies with its connection (TTL as the connection's). */
  expires_at: number;
}

const pk = (connectionId: string) => `WSCONN#${connectionId}`;
const sk = (id: string) => `SUB#${id}`;
const topicKey = (tenantId: string, topic: SubscriptionTopic) => `TENANT#${tenantId}#SUB#${topic}`;

/**
 * Subscriptions in the one table, under their connection (so closing it finds them all) and
 * on the GSI by tenant and topic (so an event finds its subscribers, and only its tenant's).
 */
export class SubscriptionRepository {
  constructor(private readonly table: Table = new Table()) {}

  /** Stores the subscription unless the connection already has one by that id: false then. */
  add(record: SubscriptionRecord): Promise<boolean> {
    return this.table.putNew({
      pk: pk(record.connection_id),
      sk: sk(record.id),
      gsi1pk: topicKey(record.tenant_id, record.topic),
      gsi1sk: `${record.connection_id}#${record.id}`,
      ...record,
    });
  }

  async remove(connectionId: string, id: string): Promise<void> {
    await this.table.client.send(
      new DeleteCommand({ TableName: this.table.name, Key: { pk: pk(connectionId), sk: sk(id) } }),
    );
  }

  /** The connection's subscriptions. */
  async ofConnection(connectionId: string): Promise<SubscriptionRecord[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sub)',
      ExpressionAttributeValues: { ':pk': pk(connectionId), ':sub': 'SUB#' },
    });
    return items.map(toRecord);
  }

  /** Every subscription of the connection removed (when it closes or is gone). */
  async removeAll(connectionId: string): Promise<void> {
    const subscriptions = await this.ofConnection(connectionId);
    await this.table.batchWrite(
      subscriptions.map((s) => ({ DeleteRequest: { Key: { pk: pk(connectionId), sk: sk(s.id) } } })),
    );
  }

  /** The tenant's live subscriptions to `topic` (the GSI is eventually consistent: one made a moment ago may be missed). */
  async listening(
    tenantId: string,
    topic: SubscriptionTopic,
    nowSeconds = Math.floor(Date.now() / 1000),
  ): Promise<SubscriptionRecord[]> {
    const items = await this.table.queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      FilterExpression: 'expires_at > :now',
      ExpressionAttributeValues: { ':pk': topicKey(tenantId, topic), ':now': nowSeconds },
    });
    return items.map(toRecord);
  }
}

/** The record without its storage keys. */
function toRecord(item: Record<string, unknown>): SubscriptionRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, ...record } = item;
  return record as unknown as SubscriptionRecord;
}

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { documentClient, type Principal, required } from '@pynomaly/core';

/** API Gateway closes a WebSocket connection after 2 hours; the item outlives it by a little. */
export const CONNECTION_TTL_SECONDS = 2 * 3600 + 600;

/** One open live-detection connection, as the table holds it. */
export interface LiveConnection {
  connection_id: string;
  tenant_id: string;
  user_id: string;
  principal: Principal;
  connected_at: string;
  /** Epoch seconds: the table's TTL drops a connection whose `$disconnect` never came. */
  expires_at: number;
  /** The warm-up window: the connection's first samples. */
  window?: number[][];
  /** A GraphQL client's `connection_init` was acknowledged: it may subscribe. */
  graphql_initialised?: boolean;
}

const key = (connectionId: string) => ({ pk: `WSCONN#${connectionId}`, sk: 'CONNECTION' });
const tenantIndexKey = (tenantId: string) => `TENANT#${tenantId}#WSCONN`;

/**
 * Live connections in the one table, keyed by connection id (what `$disconnect` and messages
 * carry), and listed per tenant on the GSI (for the per-tenant limit). Expired items are
 * ignored before the TTL sweeps them.
 */
export class ConnectionRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient = documentClient(),
    private readonly tableName: string = required('TABLE_NAME'),
  ) {}

  async put(connection: LiveConnection): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...key(connection.connection_id),
          gsi1pk: tenantIndexKey(connection.tenant_id),
          gsi1sk: `${connection.connected_at}#${connection.connection_id}`,
          ...connection,
        },
      }),
    );
  }

  async get(
    connectionId: string,
    nowSeconds = Math.floor(Date.now() / 1000),
  ): Promise<LiveConnection | null> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key(connectionId), ConsistentRead: true }),
    );
    const item = out.Item as LiveConnection | undefined;
    return item && item.expires_at > nowSeconds ? item : null;
  }

  /** Records the connection's GraphQL `connection_init`; false when the connection is gone. */
  async markInitialised(connectionId: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(connectionId),
          UpdateExpression: 'SET graphql_initialised = :yes',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':yes': true },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async delete(connectionId: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: key(connectionId) }));
  }

  /** Open connections of a tenant (the GSI is eventually consistent: a burst may pass by a few). */
  async countOpen(tenantId: string, nowSeconds = Math.floor(Date.now() / 1000)): Promise<number> {
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          FilterExpression: 'expires_at > :now',
          ExpressionAttributeValues: { ':pk': tenantIndexKey(tenantId), ':now': nowSeconds },
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      count += out.Count ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
    return count;
  }

  /** The ids of a tenant's open connections (on the GSI: one opened a moment ago may be missed). */
  async listOpen(tenantId: string, nowSeconds = Math.floor(Date.now() / 1000)): Promise<string[]> {
    const ids: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          FilterExpression: 'expires_at > :now',
          ExpressionAttributeValues: { ':pk': tenantIndexKey(tenantId), ':now': nowSeconds },
          ProjectionExpression: 'connection_id',
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) ids.push(String(item.connection_id));
      start = out.LastEvaluatedKey;
    } while (start);
    return ids;
  }

  /**
   * Adds a sample to the warm-up window while it holds fewer than `size`; answers the window
   * with it, or null when the window was already full (a concurrent message filled it).
   */
  async addToWindow(connectionId: string, sample: number[], size: number): Promise<number[][] | null> {
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(connectionId),
          UpdateExpression: 'SET #window = list_append(if_not_exists(#window, :empty), :sample)',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(#window) OR size(#window) < :size)',
          ExpressionAttributeNames: { '#window': 'window' },
          ExpressionAttributeValues: { ':empty': [], ':sample': [sample], ':size': size },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return (out.Attributes?.window as number[][] | undefined) ?? [sample];
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return null;
      throw error;
    }
  }
}

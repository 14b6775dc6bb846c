import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, NotFoundError } from '@pynomaly/core';
import { isConditionFailure, keys, Table } from '@pynomaly/store';

/** A stream is kept this long after its last start, samples or stop; the table's TTL then drops it. */
export const STREAM_TTL_SECONDS = 7 * 86_400;

/**
 * A tenant's named detection session of `POST /api/streaming/start`: the warm-up window (or
 * the trained detector) that scores its samples, and what it has seen.
 */
export interface StreamRecord {
  id: string;
  tenant_id: string;
  user_id: string;
  name: string;
  status: 'active' | 'stopped';
  /** `detector`: a trained detector scores every sample; `warmup`: the stream's first samples do. */
  mode: 'warmup' | 'detector';
  algorithm: string;
  detector_id: string | null;
  /** Samples the warm-up window holds before scoring (unused with a detector). */
  window_size: number;
  /** The caller's cut on the normalized score; null: the window's fence (0.5) or the detector's own. */
  threshold: number | null;
  /** Values per sample, fixed by the first sample (or the detector's features). */
  width: number | null;
  /** The warm-up window: the stream's first `window_size` samples, then frozen. */
  window: number[][];
  samples_seen: number;
  anomalies: number;
  last_sample_at: string | null;
  /** Samples and anomalies per minute (`YYYY-MM-DDTHH:MM` → [samples, anomalies]), recent minutes only. */
  recent: Record<string, [number, number]>;
  created_at: string;
  stopped_at: string | null;
  /** Bumped on every write; a write names the version it read (optimistic concurrency). */
  version: number;
  /** Epoch seconds: the table's TTL attribute. */
  expires_at: number;
}

const SK_PREFIX = 'STREAM#';
const key = (tenantId: string, id: string) => ({ pk: keys.tenant(tenantId), sk: `${SK_PREFIX}${id}` });
const nowSeconds = () => Math.floor(Date.now() / 1000);

function recordOf(item: Record<string, unknown>): StreamRecord {
  const { pk: _, sk: __, entity: ___, ...record } = item;
  return record as unknown as StreamRecord;
}

/**
 * Streams in the tenant's partition of the one table (`TENANT#<id>` / `STREAM#<id>`), so no
 * read can reach another tenant's. Items past `expires_at` are treated as gone before the TTL
 * sweeps them.
 */
export class StreamRepository {
  private readonly table: Table;

  constructor(client: DynamoDBDocumentClient = documentClient(), tableName?: string) {
    this.table = new Table(client, tableName);
  }

  async create(record: StreamRecord): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: { ...key(record.tenant_id, record.id), entity: 'stream', ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** The stream, read consistently; NotFoundError when it is not the tenant's (or has expired). */
  async get(tenantId: string, id: string, now = nowSeconds()): Promise<StreamRecord> {
    const { pk, sk } = key(tenantId, id);
    const item = await this.table.get(pk, sk);
    if (!item || Number(item.expires_at) <= now) throw new NotFoundError('Stream not found');
    return recordOf(item);
  }

  /** The tenant's streams, newest first (ids are time-ordered), read consistently. */
  async list(tenantId: string, now = nowSeconds()): Promise<StreamRecord[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'expires_at > :now',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': SK_PREFIX, ':now': now },
      ConsistentRead: true,
      ScanIndexForward: false,
    });
    return items.map(recordOf);
  }

  /**
   * Writes the stream's next state only if it is still at `readVersion` and active: false
   * (nothing written) when another call wrote first or the stream was stopped meanwhile.
   */
  async commit(next: StreamRecord, readVersion: number): Promise<boolean> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...key(next.tenant_id, next.id), entity: 'stream', ...next },
          ConditionExpression: 'version = :read AND #status = :active',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':read': readVersion, ':active': 'active' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Stops an active stream; a stopped one is answered as it is (the first stop's time stays).
   * NotFoundError when it is not the tenant's.
   */
  async stop(tenantId: string, id: string, at: Date): Promise<StreamRecord> {
    const now = Math.floor(at.getTime() / 1000);
    try {
      const out = await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: key(tenantId, id),
          UpdateExpression:
            'SET #status = :stopped, stopped_at = :at, expires_at = :expires ADD version :one',
          ConditionExpression: '#status = :active AND expires_at > :now',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':stopped': 'stopped',
            ':active': 'active',
            ':at': at.toISOString(),
            ':expires': now + STREAM_TTL_SECONDS,
            ':now': now,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return recordOf(out.Attributes ?? {});
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Already stopped (or not the tenant's: get answers 404).
      return this.get(tenantId, id, now);
    }
  }
}

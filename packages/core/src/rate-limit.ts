import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './aws/dynamodb';
import { env, required } from './config';
import { RateLimitError } from './errors';

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Epoch seconds when the window resets. */
  reset: number;
}

/** The `X-RateLimit-*` headers of a state. */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(state.limit),
    'X-RateLimit-Remaining': String(state.remaining),
    'X-RateLimit-Reset': String(state.reset),
  };
}

/**
 * Fixed-window counters in DynamoDB, so every Lambda (and the local gateway) shares one count
 * per caller. Each window's item expires by TTL soon after the window ends.
 */
export class RateLimiter {
  constructor(
    private readonly client: DynamoDBDocumentClient = documentClient(),
    private readonly tableName: string = required('TABLE_NAME'),
  ) {}

  /** Counts one request; throws RateLimitError (429, Retry-After) past the limit. */
  async consume(
    key: string,
    limit: number,
    windowSeconds: number,
    now = Date.now(),
  ): Promise<RateLimitState> {
    const { nowSeconds, windowStart, reset } = windowOf(windowSeconds, now);
    const out = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `RATE#${key}#${windowStart}`, sk: 'RATE' },
        UpdateExpression: 'ADD #count :one SET expires_at = :expires',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':expires': reset + 3600 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const count = Number(out.Attributes?.count ?? 1);
    const state = { limit, remaining: Math.max(0, limit - count), reset };
    if (count > limit) throw exceeded(state, windowSeconds, nowSeconds);
    return state;
  }

  /** Throws RateLimitError when the count is already at the limit, without counting. */
  async check(key: string, limit: number, windowSeconds: number, now = Date.now()): Promise<RateLimitState> {
    const { nowSeconds, windowStart, reset } = windowOf(windowSeconds, now);
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `RATE#${key}#${windowStart}`, sk: 'RATE' },
        ConsistentRead: true,
      }),
    );
    const count = Number(out.Item?.count ?? 0);
    const state = { limit, remaining: Math.max(0, limit - count), reset };
    if (count >= limit) throw exceeded(state, windowSeconds, nowSeconds);
    return state;
  }
}

function windowOf(windowSeconds: number, now: number) {
  const nowSeconds = Math.floor(now / 1000);
  const windowStart = nowSeconds - (nowSeconds % windowSeconds);
  return { nowSeconds, windowStart, reset: windowStart + windowSeconds };
}

function exceeded(state: RateLimitState, windowSeconds: number, nowSeconds: number): RateLimitError {
  const error = new RateLimitError(
    `Rate limit of ${state.limit} requests per ${windowSeconds / 60} minutes exceeded`,
    state.reset - nowSeconds,
  );
  Object.assign(error.headers, rateLimitHeaders(state));
  return error;
}

/**
 * One upload quota per tenant, whichever way the file comes in (either upload route, a large
 * upload, or the S3 drop folder). Each upload is charged once by its id: the drop folder sees
 * the objects the upload route wrote, and S3 may deliver an event twice, so a second charge of
 * the same id answers as the first did.
 */
export class UploadQuota {
  constructor(
    private readonly limiter: RateLimiter = new RateLimiter(),
    private readonly client: DynamoDBDocumentClient = documentClient(),
    private readonly tableName: string = required('TABLE_NAME'),
  ) {}

  /** Charges one upload to the tenant; throws RateLimitError (429) past the hourly quota. */
  async charge(tenantId: string, uploadId: string, now = Date.now()): Promise<void> {
    const key = { pk: `UPLOADCHARGE#${tenantId}#${uploadId}`, sk: 'CHARGE' };
    const limit = env().UPLOADS_PER_TENANT_PER_HOUR;
    const expires = Math.floor(now / 1000) + 2 * 3600;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, entity: 'upload_charge', outcome: 'pending', expires_at: expires },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      const seen = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
      );
      if (seen.Item?.outcome !== 'over_quota') return;
      throw new RateLimitError(
        `Upload quota of ${limit} per hour exceeded`,
        3600 - (Math.floor(now / 1000) % 3600),
      );
    }
    let outcome = 'charged';
    try {
      await this.limiter.consume(`upload:${tenantId}`, limit, 3600, now);
    } catch (error) {
      if (!(error instanceof RateLimitError)) throw error;
      outcome = 'over_quota';
      throw new RateLimitError(`Upload quota of ${limit} per hour exceeded`, error.retryAfterSeconds);
    } finally {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET outcome = :outcome',
          ExpressionAttributeValues: { ':outcome': outcome },
        }),
      );
    }
  }
}

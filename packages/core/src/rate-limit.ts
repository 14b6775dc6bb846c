import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './aws';
import { required } from './config';
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
    const nowSeconds = Math.floor(now / 1000);
    const windowStart = nowSeconds - (nowSeconds % windowSeconds);
    const reset = windowStart + windowSeconds;
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
    if (count > limit) {
      const error = new RateLimitError(
        `Rate limit of ${limit} requests per ${windowSeconds / 60} minutes exceeded`,
        reset - nowSeconds,
      );
      Object.assign(error.headers, rateLimitHeaders(state));
      throw error;
    }
    return state;
  }
}

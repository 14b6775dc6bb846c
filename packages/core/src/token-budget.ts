import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './aws/dynamodb';
import { env, required } from './config';
import { RateLimitError } from './errors';

const DAY_SECONDS = 24 * 3600;

/**
 * Model tokens (input and output) one tenant may spend on triage per UTC day, counted in the
 * table beside the request counters (`RATE#triage-tokens:<tenant>#<day start>`, expiring by
 * TTL). The check comes before a call and the charge after it, so calls already under way when
 * the budget runs out may overshoot it by their own size; none starts past it.
 */
export class TokenBudget {
  constructor(
    private readonly client: DynamoDBDocumentClient = documentClient(),
    private readonly tableName: string = required('TABLE_NAME'),
    /** @default TRIAGE_TOKENS_PER_TENANT_PER_DAY */
    readonly limit: number = env().TRIAGE_TOKENS_PER_TENANT_PER_DAY,
  ) {}

  /** Throws RateLimitError (429, Retry-After: the end of the UTC day) when the tenant's tokens are spent. */
  async check(tenantId: string, now = Date.now()): Promise<{ used: number; remaining: number }> {
    const { key, reset, nowSeconds } = dayOf(tenantId, now);
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    const used = Number(out.Item?.count ?? 0);
    if (used >= this.limit) {
      throw new RateLimitError(
        `Model triage budget of ${this.limit} tokens per day exhausted`,
        Math.max(1, reset - nowSeconds),
      );
    }
    return { used, remaining: this.limit - used };
  }

  /** Adds the tokens a call spent to the tenant's count of the day. */
  async charge(tenantId: string, tokens: number, now = Date.now()): Promise<void> {
    if (!(tokens > 0)) return;
    const { key, reset } = dayOf(tenantId, now);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'ADD #count :tokens SET expires_at = :expires',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':tokens': Math.ceil(tokens), ':expires': reset + 3600 },
      }),
    );
  }
}

function dayOf(tenantId: string, now: number) {
  const nowSeconds = Math.floor(now / 1000);
  const start = nowSeconds - (nowSeconds % DAY_SECONDS);
  return {
    key: { pk: `RATE#triage-tokens:${tenantId}#${start}`, sk: 'RATE' },
    reset: start + DAY_SECONDS,
    nowSeconds,
  };
}

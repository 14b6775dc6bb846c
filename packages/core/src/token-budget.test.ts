import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { RateLimitError } from './errors';
import { TokenBudget } from './token-budget';

const documents = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
// 2025-11-06T14:00:00Z: 10 hours before the UTC day ends.
const NOW = Date.UTC(2025, 10, 6, 14);
const DAY = Date.UTC(2025, 10, 6) / 1000;

beforeEach(() => documents.reset());

describe('TokenBudget', () => {
  it('reads the tenant counter of the UTC day and answers what is left', async () => {
    documents.on(GetCommand).resolves({ Item: { count: 1500 } });

    const state = await new TokenBudget(client, 'table', 2000).check('t1', NOW);

    expect(state).toEqual({ used: 1500, remaining: 500 });
    expect(documents.commandCalls(GetCommand)[0]!.args[0].input).toEqual({
      TableName: 'table',
      Key: { pk: `RATE#triage-tokens:t1#${DAY}`, sk: 'RATE' },
      ConsistentRead: true,
    });
  });

  it('throws 429 with Retry-After until the end of the UTC day once spent', async () => {
    documents.on(GetCommand).resolves({ Item: { count: 2000 } });

    const checked = new TokenBudget(client, 'table', 2000).check('t1', NOW);

    await expect(checked).rejects.toBeInstanceOf(RateLimitError);
    await expect(checked).rejects.toMatchObject({ retryAfterSeconds: 10 * 3600 });
  });

  it('adds the tokens a call spent, expiring an hour after the day', async () => {
    documents.on(UpdateCommand).resolves({});

    await new TokenBudget(client, 'table', 2000).charge('t1', 1750.2, NOW);

    expect(documents.commandCalls(UpdateCommand)[0]!.args[0].input).toMatchObject({
      Key: { pk: `RATE#triage-tokens:t1#${DAY}`, sk: 'RATE' },
      UpdateExpression: 'ADD #count :tokens SET expires_at = :expires',
      ExpressionAttributeValues: { ':tokens': 1751, ':expires': DAY + 86400 + 3600 },
    });
  });
});

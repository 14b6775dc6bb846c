import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { RequestMetrics } from './metrics';

const documents = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const NOW = Date.parse('2026-12-03T12:02:30Z');

beforeEach(() => documents.reset());

describe('RequestMetrics', () => {
  it('answers each minute of the window oldest first, zero where nothing was counted', async () => {
    // Prepare
    documents.on(BatchGetCommand).resolves({
      Responses: {
        table: [
          { pk: 'METRICS#2026-12-03T12:02', requests: 3, errors: 1, latency_ms_total: 90 },
          { pk: 'METRICS#2026-12-03T12:00', requests: 2, errors: 0, latency_ms_total: 10 },
        ],
      },
    });
    const metrics = new RequestMetrics(client, 'table');
    // Act
    const minutes = await metrics.perMinute(3, NOW);
    const window = await metrics.window(3, NOW);
    // Assess
    expect(minutes).toEqual([
      { minute: '2026-12-03T12:00', requests: 2, errors: 0, latency_ms_total: 10 },
      { minute: '2026-12-03T12:01', requests: 0, errors: 0, latency_ms_total: 0 },
      { minute: '2026-12-03T12:02', requests: 3, errors: 1, latency_ms_total: 90 },
    ]);
    expect(window).toEqual({ minutes: 3, requests: 5, errors: 1, latency_ms_total: 100 });
    expect(documents.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.table?.Keys).toEqual([
      { pk: 'METRICS#2026-12-03T12:00', sk: 'API' },
      { pk: 'METRICS#2026-12-03T12:01', sk: 'API' },
      { pk: 'METRICS#2026-12-03T12:02', sk: 'API' },
    ]);
  });
});

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { Table } from './table';

/** A document client that records each command's input and answers with `answer`. */
function client(answer: () => unknown) {
  const sent: Record<string, unknown>[] = [];
  const stub = {
    send: async (command: { input: Record<string, unknown> }) => {
      sent.push(command.input);
      return answer();
    },
  } as unknown as DynamoDBDocumentClient;
  return { stub, sent };
}

describe('Table.updateWhileStatus', () => {
  it('writes in one conditional update on the status', async () => {
    // Prepare
    const { stub, sent } = client(() => ({}));
    const table = new Table(stub, 't');

    // Act
    const written = await table.updateWhileStatus('TENANT#a', 'DETECTION#d', ['running'], {
      status: 'failed',
      error_message: 'The detection was stopped before it finished',
    });

    // Assess
    expect(written).toBe(true);
    expect(sent).toEqual([
      {
        TableName: 't',
        Key: { pk: 'TENANT#a', sk: 'DETECTION#d' },
        ConditionExpression: '#status IN (:status0)',
        UpdateExpression: 'SET #f0 = :v0, #f1 = :v1',
        ExpressionAttributeNames: { '#f0': 'status', '#f1': 'error_message', '#status': 'status' },
        ExpressionAttributeValues: {
          ':v0': 'failed',
          ':v1': 'The detection was stopped before it finished',
          ':status0': 'running',
        },
      },
    ]);
  });

  it('answers false, writing nothing, when the record has ended or is gone', async () => {
    const { stub } = client(() => {
      throw Object.assign(new Error('The conditional request failed'), {
        name: 'ConditionalCheckFailedException',
      });
    });
    await expect(
      new Table(stub, 't').updateWhileStatus('p', 's', ['pending', 'parsing'], { status: 'error' }),
    ).resolves.toBe(false);
  });

  it('lets any other error through', async () => {
    const { stub } = client(() => {
      throw Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' });
    });
    await expect(
      new Table(stub, 't').updateWhileStatus('p', 's', ['running'], { status: 'failed' }),
    ).rejects.toThrow('slow down');
  });
});

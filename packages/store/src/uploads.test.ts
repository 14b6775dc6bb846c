import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { Table } from './table';
import { PendingUploads } from './uploads';

/** A document client that records each command's input and answers with `answer` (or throws it). */
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

describe('PendingUploads.transition', () => {
  it('moves an upload on in one conditional update, an upload without a status counting as waiting', async () => {
    // Prepare
    const { stub, sent } = client(() => ({}));
    const uploads = new PendingUploads(new Table(stub, 't'));

    // Act
    const written = await uploads.transition('a', 'u1', ['waiting'], {
      status: 'processing',
      dataset_id: 'd1',
    });

    // Assess
    expect(written).toBe(true);
    expect(sent).toEqual([
      {
        TableName: 't',
        Key: { pk: 'TENANT#a', sk: 'UPLOAD#u1' },
        ConditionExpression:
          'attribute_exists(pk) AND (#status IN (:status0) OR attribute_not_exists(#status))',
        UpdateExpression: 'SET #f0 = :v0, #f1 = :v1, #f2 = :v2',
        ExpressionAttributeNames: {
          '#f0': 'status',
          '#f1': 'dataset_id',
          '#f2': 'updated_at',
          '#status': 'status',
        },
        ExpressionAttributeValues: {
          ':v0': 'processing',
          ':v1': 'd1',
          ':v2': expect.any(String),
          ':status0': 'waiting',
        },
      },
    ]);
  });

  it('keeps an upload that ends a day from its end', async () => {
    const { stub, sent } = client(() => ({}));
    const uploads = new PendingUploads(new Table(stub, 't'));
    await uploads.transition('a', 'u1', ['processing'], { status: 'failed', error_message: 'bad' });
    const input = sent[0] as {
      ConditionExpression: string;
      ExpressionAttributeNames: Record<string, string>;
    };
    expect(input.ConditionExpression).toBe('#status IN (:status0)');
    expect(Object.values(input.ExpressionAttributeNames)).toContain('expires_at');
  });

  it('answers false, writing nothing, when the upload has moved on or is gone', async () => {
    const failure = Object.assign(new Error('The conditional request failed'), {
      name: 'ConditionalCheckFailedException',
    });
    const { stub } = client(() => {
      throw failure;
    });
    const uploads = new PendingUploads(new Table(stub, 't'));
    expect(await uploads.transition('a', 'u1', ['processing'], { status: 'completed' })).toBe(false);
  });
});

describe('PendingUploads.get', () => {
  it('reads an upload started before statuses were recorded as waiting, without storage keys', async () => {
    const item = {
      pk: 'TENANT#a',
      sk: 'UPLOAD#u1',
      entity: 'upload',
      expires_at: 1,
      upload_id: 'u1',
      size: 3,
    };
    const { stub } = client(() => ({ Item: item }));
    expect(await new PendingUploads(new Table(stub, 't')).get('a', 'u1')).toEqual({
      upload_id: 'u1',
      size: 3,
      status: 'waiting',
      dataset_id: null,
      error_message: null,
    });
  });
});

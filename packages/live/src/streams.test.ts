import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '@pynomaly/core';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { type StreamRecord, StreamRepository } from './streams';

const documents = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'no', $metadata: {} });

const record = { id: 's1', tenant_id: 't1', status: 'active', version: 4, expires_at: 9e9 } as StreamRecord;

beforeEach(() => documents.reset());

describe('StreamRepository', () => {
  it("keeps streams in the tenant's partition and writes only on the version read, while active", async () => {
    // Prepare
    documents.on(PutCommand).resolvesOnce({}).rejectsOnce(conditionFailed());
    const streams = new StreamRepository(client, 'table');
    // Act
    const written = await streams.commit({ ...record, version: 5 }, 4);
    const lost = await streams.commit({ ...record, version: 5 }, 4);
    // Assess
    expect([written, lost]).toEqual([true, false]);
    expect(documents.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      Item: { pk: 'TENANT#t1', sk: 'STREAM#s1', entity: 'stream', version: 5 },
      ConditionExpression: 'version = :read AND #status = :active',
      ExpressionAttributeValues: { ':read': 4, ':active': 'active' },
    });
  });

  it('treats an expired stream as gone, and answers a second stop with the stream as it is', async () => {
    // Prepare
    documents
      .on(GetCommand)
      .resolvesOnce({ Item: { pk: 'TENANT#t1', sk: 'STREAM#s1', ...record, expires_at: 10 } })
      .resolves({ Item: { pk: 'TENANT#t1', sk: 'STREAM#s1', ...record, status: 'stopped' } });
    documents.on(UpdateCommand).rejects(conditionFailed());
    const streams = new StreamRepository(client, 'table');
    // Act
    const expired = streams.get('t1', 's1', 20);
    const stopped = await streams.stop('t1', 's1', new Date(20_000));
    // Assess
    await expect(expired).rejects.toBeInstanceOf(NotFoundError);
    expect(stopped).toEqual({ ...record, status: 'stopped' });
  });
});

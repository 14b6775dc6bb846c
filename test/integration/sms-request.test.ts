import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SmsMfa } from '@pynomaly/auth';
import { Table } from '@pynomaly/store';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, inject, it } from 'vitest';

/**
 * SNS has no emulator that sends texts, so this checks the request AWS would receive: a
 * transactional SMS to the E.164 number with the code, while the code itself is stored in
 * DynamoDB Local (hashed) and accepted once.
 */
describe('the SMS sent through SNS', () => {
  it('is a transactional Publish to the phone number carrying the code', async () => {
    const local = inject('local');
    const credentials = {
      accessKeyId: local.aws_access_key_id,
      secretAccessKey: local.aws_secret_access_key,
    };
    const dynamo = new DynamoDBClient({
      region: local.region,
      endpoint: local.dynamodb_endpoint,
      credentials,
    });
    const sns = new SNSClient({ region: 'us-east-1', credentials });
    const snsMock = mockClient(sns);
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const sms = new SmsMfa(new Table(DynamoDBDocumentClient.from(dynamo), local.table_name), sns);

    await sms.enrol('user-sms-shape', '+447700900123');
    const calls = snsMock.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input).toMatchObject({
      PhoneNumber: '+447700900123',
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    });
    const code = /(\d{6})/.exec(input?.Message ?? '')?.[1] ?? '';
    await sms.confirm('user-sms-shape', code);
    expect(await sms.phoneOf('user-sms-shape')).toBe('+447700900123');
    await expect(sms.confirm('user-sms-shape', code)).rejects.toThrow(/expired/);
    dynamo.destroy();
  });
});

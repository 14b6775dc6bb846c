import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventRules } from '../../functions/events/rules';
import {
  type CfnResource,
  environmentOf,
  resourceNamed,
  resourcesOf,
  ruleWithConsumer,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth';

let synthesized: Synthesized;
let template: Template;
let rule: CfnResource;
let consumerId: string;

beforeAll(() => {
  synthesized = synthesize();
  template = synthesized.statelessTemplate;
  const rules = Object.values(resourcesOf(template, 'AWS::Events::Rule'));
  const found = rules.find((r) => JSON.stringify(r.Properties.EventPattern).includes('"incoming/"'));
  if (!found) throw new Error('no incoming/ rule');
  rule = found;
  const [target] = rule.Properties.Targets as { Arn: { 'Fn::GetAtt': [string, string] } }[];
  consumerId = target?.Arn['Fn::GetAtt'][0] ?? '';
});
afterAll(() => synthesized.cleanup());

const consumer = () => resourceNamed(template, 'AWS::Lambda::Function', consumerId);

describe('object-dropped rule', () => {
  it('matches objects created under incoming/ in the data bucket, on the default bus', () => {
    const bucketName = synthesized.stateless.resolve(synthesized.stateful.bucket.bucketName);
    expect(rule.Properties.EventBusName).toBeUndefined();
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: [bucketName] }, object: { key: [{ prefix: 'incoming/' }] } },
    });
    expect(JSON.stringify(bucketName)).toContain('Fn::ImportValue');
  });

  it('targets the on-object-created consumer with a retry policy and a dead-letter queue', () => {
    const definition = eventRules.find((r) => r.handler === 'events/on-object-created');
    const fn = definition && synthesized.stateless.consumers.functions.get(definition.id);
    if (!fn) throw new Error('no on-object-created consumer');
    expect({ 'Fn::GetAtt': [consumerId, 'Arn'] }).toEqual(
      synthesized.stateless.resolve(fn.function.functionArn),
    );
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({
        RetryPolicy: {
          MaximumRetryAttempts: expect.any(Number),
          MaximumEventAgeInSeconds: expect.any(Number),
        },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/DeadLetters/), 'Arn'] } },
      }),
    ]);
  });
});

describe('dead-letter queue', () => {
  it('is encrypted, TLS-only, and also catches the consumer’s failed async invocations', () => {
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    const [queueId, queue] = Object.entries(queues)[0] ?? [];
    expect(queue?.Properties.SqsManagedSseEnabled).toBe(true);
    const policy = Object.values(resourcesOf(template, 'AWS::SQS::QueuePolicy')).find(
      (p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: queueId }]),
    );
    expect(policy?.Properties.PolicyDocument).toMatchObject({
      Statement: expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]),
    });
    expect(consumer().Properties.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
  });
});

describe('on-object-created consumer', () => {
  it('knows the state machine, table and bucket', () => {
    const variables = environmentOf(consumer());
    expect(variables.STATE_MACHINE_ARN).toEqual({ Ref: expect.stringMatching(/^PipelineStateMachine/) });
    expect(Object.keys(variables)).toEqual(expect.arrayContaining(['TABLE_NAME', 'BUCKET_NAME']));
  });

  it('may start executions and read, but not write, the bucket', () => {
    const roleId = (consumer().Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const actions = statementsOfRole(template, roleId).flatMap((s) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['states:StartExecution', 's3:GetObject']));
    expect(actions).not.toContain('s3:PutObject');
    expect(actions).not.toContain('s3:DeleteObject');
  });
});

describe('the upload form receiver', () => {
  it('has the memory and time of the upload route it replaced, and more', () => {
    const { consumer } = ruleWithConsumer(template, '"uploads/form/"');
    expect(consumer.Properties).toMatchObject({ MemorySize: 1024, Timeout: 120 });
  });
});

/**
 * The rule that fails the records of executions that ended badly: it hears Step Functions'
 * status changes for the product's four state machines only, and its consumer may do only
 * what failing a record takes.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MachineName, machines, machineTimeoutSeconds } from '../../functions/pipeline/machines';
import {
  type CfnResource,
  environmentOf,
  resourcesOf,
  ruleWithConsumer,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth';

let synthesized: Synthesized;
let template: Template;
let rule: CfnResource;
let consumer: CfnResource;

beforeAll(() => {
  synthesized = synthesize();
  template = synthesized.statelessTemplate;
  ({ rule, consumer } = ruleWithConsumer(template, '"aws.states"'));
});
afterAll(() => synthesized.cleanup());

const arnOf = (machine: MachineName) =>
  synthesized.stateless.resolve(synthesized.stateless.pipelines[machine].stateMachine.stateMachineArn);

describe('execution-ended rule', () => {
  it("matches our machines' executions that failed, timed out or were stopped, on the default bus", () => {
    expect(rule.Properties.EventBusName).toBeUndefined();
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: {
        status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
        stateMachineArn: machines.map((m) => arnOf(m.name)),
      },
    });
  });

  it('targets the on-execution-ended consumer with retries and a dead-letter queue', () => {
    expect(consumer.Properties.Description).toBe(
      'Fails the record of an execution of ours that timed out, was stopped or failed outside any Catch',
    );
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({
        RetryPolicy: {
          MaximumRetryAttempts: expect.any(Number),
          MaximumEventAgeInSeconds: expect.any(Number),
        },
        DeadLetterConfig: {
          Arn: { 'Fn::GetAtt': [expect.stringMatching(/ExecutionEndedDeadLetters/), 'Arn'] },
        },
      }),
    ]);
  });
});

describe('on-execution-ended consumer', () => {
  const roleId = () => (consumer.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const statements = () => statementsOfRole(template, roleId());

  it('knows each machine, the table and the bucket', () => {
    expect(environmentOf(consumer)).toMatchObject({
      STATE_MACHINE_ARN: arnOf('analysis'),
      DETECTION_STATE_MACHINE_ARN: arnOf('detection'),
      STUDY_STATE_MACHINE_ARN: arnOf('study'),
      INGEST_STATE_MACHINE_ARN: arnOf('ingest'),
      WEBHOOK_STATE_MACHINE_ARN: arnOf('webhook'),
      TABLE_NAME: expect.anything(),
      BUCKET_NAME: expect.anything(),
    });
  });

  it('may update items, describe executions of our machines, delete objects and announce dataset.failed, nothing more', () => {
    const actions = [...new Set(statements().flatMap((s) => [s.Action].flat()))].sort();
    expect(actions).toEqual([
      'dynamodb:UpdateItem',
      'events:PutEvents',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      's3:DeleteObject',
      // Comes with the `delete` bucket operation (deleting under a prefix lists it first).
      's3:ListBucket',
      'sqs:SendMessage',
      'states:DescribeExecution',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });

  it('describes only the executions of our machines', () => {
    const describe = statements().filter((s) => [s.Action].flat().includes('states:DescribeExecution'));
    const resources = describe.flatMap((s) => [s.Resource].flat()).map((r) => JSON.stringify(r));
    expect(resources).toHaveLength(machines.length);
    for (const { name } of machines) {
      const machine = JSON.stringify(arnOf(name));
      expect(
        resources.some((r) => r.includes(machine) && r.includes(':execution:') && r.endsWith(':*"]]}')),
      ).toBe(true);
    }
  });
});

describe('state machine timeouts', () => {
  it('bound every machine, in the deployed ASL as in the one the local runner reads', () => {
    for (const machine of machines) {
      const { Ref: logicalId } = arnOf(machine.name) as { Ref: string };
      const deployed = resourcesOf(template, 'AWS::StepFunctions::StateMachine')[logicalId];
      const asl = JSON.parse(deployed?.Properties.DefinitionString as string) as { TimeoutSeconds?: number };
      expect(asl.TimeoutSeconds, machine.name).toBeGreaterThan(0);
      expect(asl.TimeoutSeconds, machine.name).toBe(machineTimeoutSeconds(machine));
    }
  });
});

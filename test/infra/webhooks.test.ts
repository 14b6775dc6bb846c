/**
 * Webhook fan-out on AWS: one rule on the product bus for the catalogued events, a consumer with
 * retries and a dead-letter queue that may read and write the table and start retry schedules
 * on the webhook state machine and nothing else, that machine waiting and attempting, the
 * report review route allowed to announce status moves, and no function given the local
 * stack's loopback allowlist.
 */
import { productEventTypes } from '@pynomaly/core';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CfnResource,
  environmentOf,
  resourcesOf,
  routeLogicalId,
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
  ({ rule, consumer } = ruleWithConsumer(template, 'analysis.completed'));
});
afterAll(() => synthesized.cleanup());

describe('webhook fan-out', () => {
  it('matches every catalogued event type on the product bus, with retries and a dead-letter queue', () => {
    expect(rule.Properties.EventBusName).toBeDefined();
    expect((rule.Properties.EventPattern as Record<string, unknown>)['detail-type']).toEqual(
      productEventTypes,
    );
    const [target] = rule.Properties.Targets as Record<string, unknown>[];
    expect(target).toMatchObject({
      RetryPolicy: { MaximumRetryAttempts: 50, MaximumEventAgeInSeconds: 6 * 3600 },
      DeadLetterConfig: { Arn: expect.anything() },
    });
  });

  it('gives the consumer the table, the start of retry schedules on the webhook machine and no allowlist', () => {
    const webhookMachine = synthesized.stateless.resolve(
      synthesized.stateless.pipelines.webhook.stateMachine.stateMachineArn,
    );
    expect(environmentOf(consumer)).toMatchObject({
      TABLE_NAME: expect.anything(),
      WEBHOOK_STATE_MACHINE_ARN: webhookMachine,
    });
    expect(environmentOf(consumer)).not.toHaveProperty('PYNOMALY_WEBHOOK_ALLOWLIST');
    const roleId = (consumer.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = statementsOfRole(template, roleId);
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => !/^(dynamodb|logs|xray|sqs):/.test(a))).toEqual(['states:StartExecution']);
    const start = statements.find((s) => [s.Action].flat().includes('states:StartExecution'));
    expect(start?.Resource).toEqual(webhookMachine);
  });

  it('runs retry schedules on a STANDARD machine that waits as long as the attempt before asks', () => {
    const { Ref: machineId } = synthesized.stateless.resolve(
      synthesized.stateless.pipelines.webhook.stateMachine.stateMachineArn,
    ) as { Ref: string };
    const machine = resourcesOf(template, 'AWS::StepFunctions::StateMachine')[machineId];
    const asl = JSON.parse(machine?.Properties.DefinitionString as string) as {
      TimeoutSeconds: number;
      States: Record<string, Record<string, unknown>>;
    };
    expect(machine?.Properties.StateMachineType).toBe('STANDARD');
    expect(asl.States.WaitForNextAttempt).toEqual({
      Type: 'Wait',
      SecondsPath: '$.wait_seconds',
      Next: 'AttemptDelivery',
    });
    // Eight waits of at most a day each fit in the machine's bound.
    expect(asl.TimeoutSeconds).toBeGreaterThan(8 * 86_400);
    const task = synthesized.stateless.pipelines.webhook.functions.get('AttemptDelivery');
    expect(task).toBeDefined();
  });

  it('lets the redrive route, and no other webhook route, start retry schedules', () => {
    for (const id of ['CreateWebhook', 'UpdateWebhook', 'RotateWebhookSecret', 'RedriveWebhookDeliveries']) {
      const actions = statementsOfRole(synthesized.statelessTree, routeLogicalId(id, 'Role')).flatMap((s) =>
        [s.Action].flat(),
      );
      expect(actions.includes('states:StartExecution'), id).toBe(id === 'RedriveWebhookDeliveries');
    }
  });

  it('never sets the loopback allowlist on any function', () => {
    const functions = resourcesOf(synthesized.statelessTree, 'AWS::Lambda::Function');
    for (const fn of Object.values(functions))
      expect(JSON.stringify(fn.Properties.Environment ?? {})).not.toContain('PYNOMALY_WEBHOOK_ALLOWLIST');
  });

  it('lets the report review route put events on the bus', () => {
    const actions = statementsOfRole(
      synthesized.statelessTree,
      routeLogicalId('UpdateReport', 'Role'),
    ).flatMap((s) => [s.Action].flat());
    expect(actions).toContain('events:PutEvents');
  });
});

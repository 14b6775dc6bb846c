/**
 * Webhook fan-out on AWS: one rule on the product bus for the catalogued events, a consumer with
 * retries and a dead-letter queue that may read and write the table and nothing else, the
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

  it('gives the consumer the table and no allowlist', () => {
    expect(environmentOf(consumer)).toMatchObject({ TABLE_NAME: expect.anything() });
    expect(environmentOf(consumer)).not.toHaveProperty('PYNOMALY_WEBHOOK_ALLOWLIST');
    const roleId = (consumer.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const actions = statementsOfRole(template, roleId).flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => !/^(dynamodb|logs|xray|sqs):/.test(a))).toEqual([]);
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

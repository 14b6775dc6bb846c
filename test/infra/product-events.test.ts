/**
 * The catalogued events on AWS beyond webhooks: the alert rule on the product bus and its
 * consumer (it may list and forget live connections and post to them, nothing more), and the
 * bus granted to every function that publishes.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CfnResource,
  environmentOf,
  routeLogicalId,
  ruleWithConsumer,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth';

let synthesized: Synthesized;
let template: Template;

beforeAll(() => {
  synthesized = synthesize();
  template = synthesized.statelessTemplate;
});
afterAll(() => synthesized.cleanup());

const roleOf = (fn: CfnResource) =>
  (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
const actionsOf = (tree: Template, roleId: string | RegExp) =>
  statementsOfRole(tree, roleId).flatMap((s) => [s.Action].flat());

describe('alert broadcasts', () => {
  it('match alert.triggered alone on the product bus', () => {
    const { rule } = ruleWithConsumer(template, '"detail-type":["alert.triggered"]');
    expect(rule.Properties.EventBusName).toBeDefined();
    expect(rule.Properties.EventPattern).toEqual({
      source: ['pynomaly.analysis'],
      'detail-type': ['alert.triggered'],
    });
  });

  it("post to the live API stage's connections and read or delete connection items, nothing else", () => {
    const { consumer } = ruleWithConsumer(template, '"detail-type":["alert.triggered"]');
    expect(consumer.Properties.Description).toMatch(/live WebSocket connections/);
    expect(environmentOf(consumer)).toMatchObject({
      TABLE_NAME: expect.anything(),
      LIVE_CONNECTIONS_URL: expect.anything(),
    });
    expect(JSON.stringify(environmentOf(consumer).LIVE_CONNECTIONS_URL)).toContain('LiveApi');
    const statements = statementsOfRole(template, roleOf(consumer));
    const manage = statements.filter((s) => [s.Action].flat().includes('execute-api:ManageConnections'));
    expect(manage).toHaveLength(1);
    expect(JSON.stringify(manage[0]?.Resource)).toContain('/v1/POST/@connections/*');
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => /^(dynamodb|s3|events|states):/.test(a)).sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:Query',
      // The request counters every function with the table bumps (bindTable).
      'dynamodb:UpdateItem',
    ]);
  });
});

describe('publishers', () => {
  it.each([['"uploads/form/"'], ['"incoming/"']])('the %s consumer may put events on the bus', (marker) => {
    const { consumer } = ruleWithConsumer(template, marker);
    expect(actionsOf(template, roleOf(consumer))).toContain('events:PutEvents');
    expect(environmentOf(consumer)).toHaveProperty('EVENT_BUS_NAME');
  });

  it.each([
    'Detect',
    'DetectBatch',
    'TrainDetector',
    'TrainModel',
    'RunExperiment',
    'StartAutoMl',
    'V1UploadDataset',
    'V1CreateDatasetFromFile',
    'V1CompleteLargeUpload',
  ])('the %s route may put events on the bus', (routeId) => {
    expect(actionsOf(synthesized.statelessTree, routeLogicalId(routeId, 'Role'))).toContain(
      'events:PutEvents',
    );
  });
});

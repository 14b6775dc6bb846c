/**
 * Alarms and tracing over the synthesized stateless stack, nested route stacks inlined: every
 * function, state machine and dead-letter queue found in the template has its alarm, so a new
 * one is covered or this fails.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionRoutes } from '../../functions/routes';
import { API_5XX_RATE_THRESHOLD } from '../../infra/constructs/observability';
import {
  type CfnResource,
  environmentOf,
  resourcesOf,
  routeLogicalId,
  type Synthesized,
  synthesize,
} from './synth';

interface AlarmMetric {
  Id?: string;
  Expression?: string;
  MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: Dimension[] } };
}
interface Dimension {
  Name: string;
  Value: unknown;
}

let synthesized: Synthesized;
let tree: Template;
let alarms: CfnResource[];

beforeAll(() => {
  synthesized = synthesize();
  tree = synthesized.statelessTree;
  alarms = Object.values(resourcesOf(tree, 'AWS::CloudWatch::Alarm'));
});
afterAll(() => synthesized.cleanup());

/** The (namespace, metric name, dimensions) an alarm watches, its metric-math inputs included. */
function watched(alarm: CfnResource): { namespace: string; name: string; dimensions: Dimension[] }[] {
  const p = alarm.Properties as {
    Namespace?: string;
    MetricName?: string;
    Dimensions?: Dimension[];
    Metrics?: AlarmMetric[];
  };
  if (p.MetricName)
    return [{ namespace: p.Namespace ?? '', name: p.MetricName, dimensions: p.Dimensions ?? [] }];
  return (p.Metrics ?? []).flatMap((m) =>
    m.MetricStat
      ? [
          {
            namespace: m.MetricStat.Metric.Namespace,
            name: m.MetricStat.Metric.MetricName,
            dimensions: m.MetricStat.Metric.Dimensions,
          },
        ]
      : [],
  );
}

/** The alarms watching `name` in `namespace` with dimension `dimension` equal to `value`. */
function alarmsOn(namespace: string, name: string, dimension: string, value: unknown): CfnResource[] {
  return alarms.filter((alarm) =>
    watched(alarm).some(
      (m) =>
        m.namespace === namespace &&
        m.name === name &&
        m.dimensions.some((d) => d.Name === dimension && JSON.stringify(d.Value) === JSON.stringify(value)),
    ),
  );
}

describe('alarms', () => {
  it('watch the 5XX rate of the API stage', () => {
    const [stage] = Object.keys(resourcesOf(tree, 'AWS::ApiGateway::Stage'));
    const [api] = Object.keys(resourcesOf(tree, 'AWS::ApiGateway::RestApi'));
    const found = alarms.filter((alarm) =>
      watched(alarm).some(
        (m) =>
          m.namespace === 'AWS/ApiGateway' &&
          m.name === '5XXError' &&
          m.dimensions.some(
            (d) => d.Name === 'Stage' && JSON.stringify(d.Value) === JSON.stringify({ Ref: stage }),
          ) &&
          m.dimensions.some((d) => d.Name === 'ApiName'),
      ),
    );
    expect(api).toBeDefined();
    expect(found).toHaveLength(1);
    expect(found[0]?.Properties).toMatchObject({ Statistic: 'Average', Threshold: API_5XX_RATE_THRESHOLD });
  });

  it('watch the errors and throttles of every function', () => {
    const functions = Object.keys(resourcesOf(tree, 'AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThan(functionRoutes.length);
    for (const id of functions) {
      for (const metric of ['Errors', 'Throttles'])
        expect(alarmsOn('AWS/Lambda', metric, 'FunctionName', { Ref: id }), `${id} ${metric}`).toHaveLength(
          1,
        );
    }
  });

  it('watch failed and timed-out executions of every state machine', () => {
    const machines = Object.keys(resourcesOf(tree, 'AWS::StepFunctions::StateMachine'));
    expect(machines.length).toBeGreaterThanOrEqual(3);
    for (const id of machines) {
      for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut'])
        expect(
          alarmsOn('AWS/States', metric, 'StateMachineArn', { Ref: id }),
          `${id} ${metric}`,
        ).toHaveLength(1);
    }
  });

  it('watch the depth of every dead-letter queue', () => {
    const queues = Object.keys(resourcesOf(tree, 'AWS::SQS::Queue'));
    // Every queue the template names as a dead-letter target is one of them.
    const targets =
      JSON.stringify(tree.toJSON()).match(
        /"DeadLetterConfig":\{"(?:TargetArn|Arn)":\{"Fn::GetAtt":\["(\w+)"/g,
      ) ?? [];
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets)
      expect(
        queues.some((id) => target.includes(`"${id}"`)),
        target,
      ).toBe(true);
    for (const id of queues) {
      const found = alarmsOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', {
        'Fn::GetAtt': [id, 'QueueName'],
      });
      expect(found, id).toHaveLength(1);
      expect(found[0]?.Properties).toMatchObject({
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
  });

  it('notify nobody by default, and the topic of context alarmTopicArn when given', () => {
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toBeUndefined();
    const topicArn = 'arn:aws:sns:eu-west-1:123456789012:pynomaly-alarms';
    const withTopic = synthesize({ alarmTopicArn: topicArn });
    try {
      const all = Object.values(resourcesOf(withTopic.statelessTree, 'AWS::CloudWatch::Alarm'));
      expect(all).toHaveLength(alarms.length);
      for (const alarm of all) {
        expect(alarm.Properties.AlarmActions).toEqual([topicArn]);
        expect(alarm.Properties.OKActions).toEqual([topicArn]);
      }
    } finally {
      withTopic.cleanup();
    }
  });
});

describe('tracing and metrics settings', () => {
  it('trace every function actively and give it the metrics namespace', () => {
    for (const [id, fn] of Object.entries(resourcesOf(tree, 'AWS::Lambda::Function'))) {
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      expect(environmentOf(fn), id).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'pynomaly',
        POWERTOOLS_METRICS_NAMESPACE: 'Pynomaly',
      });
    }
  });

  it('trace every state machine and the API stage', () => {
    for (const [id, machine] of Object.entries(resourcesOf(tree, 'AWS::StepFunctions::StateMachine')))
      expect(machine.Properties.TracingConfiguration, id).toEqual({ Enabled: true });
    for (const stage of Object.values(resourcesOf(tree, 'AWS::ApiGateway::Stage')))
      expect(stage.Properties.TracingEnabled).toBe(true);
  });

  it('name each route function its route and each task function its state (the metric dimensions)', () => {
    const functions = Object.entries(resourcesOf(tree, 'AWS::Lambda::Function'));
    for (const route of functionRoutes) {
      const found = functions.find(([id]) => routeLogicalId(route.id, 'Function').test(id));
      expect(found && environmentOf(found[1]).ROUTE_ID, route.id).toBe(route.id);
    }
    for (const [state, fn] of synthesized.stateless.pipeline.functions) {
      const id = synthesized.stateless.getLogicalId(fn.function.node.defaultChild as CfnFunction);
      const found = functions.find(([logicalId]) => logicalId === id);
      expect(found && environmentOf(found[1]).TASK_NAME, state).toBe(state);
    }
  });
});

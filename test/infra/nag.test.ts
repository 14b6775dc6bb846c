import { Validations } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourcesOf, type Synthesized, synthesize } from './synth';

/** Deliberately non-compliant queues: prove the checks run on this app, nested stacks included. */
const CANARY = 'PynomalyStateless/NagCanary';
let nestedCanary: string;
const isCanary = (path: string) => path.startsWith(CANARY) || path.startsWith(nestedCanary);

/** What each service's roles may do on Resource "*" (actions without resource-level permissions). */
const WILDCARD_ALLOWED: Record<string, readonly string[]> = {
  'lambda.amazonaws.com': ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'sns:Publish'],
  'states.amazonaws.com': [
    'xray:PutTraceSegments',
    'xray:PutTelemetryRecords',
    'xray:GetSamplingRules',
    'xray:GetSamplingTargets',
    'logs:CreateLogDelivery',
    'logs:GetLogDelivery',
    'logs:UpdateLogDelivery',
    'logs:DeleteLogDelivery',
    'logs:ListLogDeliveries',
    'logs:PutResourcePolicy',
    'logs:DescribeResourcePolicies',
    'logs:DescribeLogGroups',
  ],
  'cognito-idp.amazonaws.com': ['sns:Publish'],
};

let synthesized: Synthesized;
let acknowledgements: { id: string; reason: string; path: string }[];

beforeAll(() => {
  synthesized = synthesize({}, ({ stateless }) => {
    new Queue(stateless, 'NagCanary');
    const [routeStack] = stateless.api.routeStacks;
    if (!routeStack) throw new Error('no route stack');
    nestedCanary = new Queue(routeStack, 'NestedNagCanary').node.path;
  });
  acknowledgements = synthesized.app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          id: id.replace(/^annotation::/i, ''),
          reason,
          path: construct.node.path,
        })),
      ),
  );
});
afterAll(() => synthesized.cleanup());

describe('cdk-nag AwsSolutions', () => {
  const violations = () => synthesized.report.pluginReports.flatMap((report) => report.violations);

  it.each([
    ['the app', () => CANARY],
    ['the nested route stacks', () => nestedCanary],
  ])('runs on %s (the canary queue is reported)', (_, canaryPath) => {
    const canary = violations().filter((v) =>
      v.violatingConstructs.some((c) => c.constructPath.startsWith(canaryPath())),
    );
    expect(canary.map((v) => v.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']),
    );
  });

  it('reports nothing else: zero unacknowledged errors or warnings', () => {
    const findings = violations().flatMap((v) =>
      v.violatingConstructs
        .filter((c) => !isCanary(c.constructPath))
        .map((c) => `${v.severity} ${v.ruleName} at ${c.constructPath}`),
    );
    expect(findings).toEqual([]);
  });

  it('gives every acknowledgement a reason', () => {
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { id, reason, path } of acknowledgements) {
      expect(reason.trim().length, `${id} at ${path}`).toBeGreaterThanOrEqual(40);
    }
  });

  it('acknowledges IAM wildcards only finding by finding', () => {
    for (const { id, path } of acknowledgements.filter((a) => /^AwsSolutions-IAM[45]/.test(a.id))) {
      expect(id, path).toMatch(/^AwsSolutions-IAM[45]\[(Resource|Action|Policy)::.+\]$/);
    }
  });

  it('acknowledges only the rules reviewed so far', () => {
    const rules = new Set(
      acknowledgements.map((a) => a.id.replace(/^AwsSolutions-/, '').replace(/\[.*$/, '')),
    );
    expect([...rules].sort()).toEqual([
      'APIG2',
      'APIG3',
      'APIG4',
      'CFR1',
      'CFR2',
      'CFR3',
      'CFR4',
      'COG2',
      'COG4',
      'IAM4',
      'IAM5',
      'L1',
      'S1',
    ]);
  });
});

describe('wildcard resources', () => {
  const wildcardActions = (template: Template) => {
    const roles = resourcesOf(template, 'AWS::IAM::Role');
    const serviceOf = (roleId: string) =>
      JSON.stringify(roles[roleId]?.Properties.AssumeRolePolicyDocument).match(
        /"Service":"([\w.-]+)"/,
      )?.[1] ?? '?';
    const granted: { service: string; action: string }[] = [];
    const collect = (service: string, document: unknown) => {
      for (const statement of (document as { Statement: { Resource: unknown; Action: string | string[] }[] })
        .Statement) {
        const resources = [statement.Resource].flat();
        if (!resources.includes('*')) continue;
        for (const action of [statement.Action].flat()) granted.push({ service, action });
      }
    };
    for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
      for (const role of policy.Properties.Roles as { Ref: string }[])
        collect(serviceOf(role.Ref), policy.Properties.PolicyDocument);
    }
    for (const [id, role] of Object.entries(roles)) {
      for (const inline of (role.Properties.Policies ?? []) as { PolicyDocument: unknown }[]) {
        collect(serviceOf(id), inline.PolicyDocument);
      }
    }
    return granted;
  };

  it('are granted only for actions that have no resource-level permissions', () => {
    const granted = [
      ...wildcardActions(synthesized.statefulTemplate),
      ...wildcardActions(synthesized.statelessTree),
    ];
    expect(granted.length).toBeGreaterThan(0);
    for (const { service, action } of granted) {
      expect(WILDCARD_ALLOWED[service] ?? [], `${action} on * for ${service}`).toContain(action);
    }
  });
});

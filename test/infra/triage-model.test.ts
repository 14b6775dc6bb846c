/**
 * Bedrock triage from CDK context: without `bedrockModelId` nothing may call a model; with it,
 * exactly the pipeline's triage task and the on-demand report route may call exactly that
 * model (and, with `bedrockInferenceProfile`, that profile), and are told which.
 */
import { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { CfnResource as CdkCfnResource } from 'aws-cdk-lib/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PynomalyFunction } from '../../infra/constructs/lambda-function';
import { environmentOf, resourcesOf, type Statement, type Synthesized, synthesize } from './synth';

const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const PROFILE = `us.${MODEL}`;
type Conditioned = Statement & { Condition?: unknown };

/** The logical ids of a function and its role, in its own stack (unique across the tree). */
function idsOf(fn: PynomalyFunction) {
  const stack = Stack.of(fn);
  return {
    fn: stack.getLogicalId(fn.function.node.defaultChild as CdkCfnResource),
    role: stack.getLogicalId(fn.role.node.defaultChild as CdkCfnResource),
  };
}

/** Every Bedrock statement in the tree, by the role it is attached to. */
function bedrockStatements(tree: Template): Map<string, Conditioned[]> {
  const found = new Map<string, Conditioned[]>();
  for (const policy of Object.values(resourcesOf(tree, 'AWS::IAM::Policy'))) {
    const statements = (policy.Properties.PolicyDocument as { Statement: Conditioned[] }).Statement;
    const bedrock = statements.filter((s) => [s.Action].flat().some((a) => String(a).startsWith('bedrock:')));
    if (bedrock.length === 0) continue;
    for (const role of policy.Properties.Roles as { Ref: string }[])
      found.set(role.Ref, [...(found.get(role.Ref) ?? []), ...bedrock]);
  }
  return found;
}

const triagers = (s: Synthesized) => {
  const task = s.stateless.pipeline.functions.get('TriageAnomaly');
  const route = s.stateless.api.functions.get('CreateReport');
  if (!task || !route) throw new Error('no triage function');
  return { task: idsOf(task), route: idsOf(route) };
};

const foundationModelArn = (region: 'stack' | 'any') => ({
  'Fn::Join': [
    '',
    region === 'stack'
      ? [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':bedrock:',
          { Ref: 'AWS::Region' },
          `::foundation-model/${MODEL}`,
        ]
      : ['arn:', { Ref: 'AWS::Partition' }, `:bedrock:*::foundation-model/${MODEL}`],
  ],
});

describe('without bedrockModelId', () => {
  let synthesized: Synthesized;
  beforeAll(() => {
    synthesized = synthesize();
  });
  afterAll(() => synthesized.cleanup());

  it('no function may call Bedrock or is told of a model', () => {
    const tree = synthesized.statelessTree;
    expect([...bedrockStatements(tree).keys()]).toEqual([]);
    for (const fn of Object.values(resourcesOf(tree, 'AWS::Lambda::Function'))) {
      const variables = fn.Properties.Environment ? environmentOf(fn) : {};
      expect(Object.keys(variables).filter((name) => name.startsWith('TRIAGE_'))).toEqual([]);
    }
  });
});

describe('with bedrockModelId', () => {
  let synthesized: Synthesized;
  beforeAll(() => {
    synthesized = synthesize({ bedrockModelId: MODEL, bedrockTokensPerTenantPerDay: 50000 });
  });
  afterAll(() => synthesized.cleanup());

  it('grants InvokeModel on the foundation model in the stack region to the two triage functions only', () => {
    const { task, route } = triagers(synthesized);
    const granted = bedrockStatements(synthesized.statelessTree);
    expect([...granted.keys()].sort()).toEqual([task.role, route.role].sort());
    for (const statements of granted.values()) {
      expect(statements).toEqual([
        { Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: foundationModelArn('stack') },
      ]);
    }
  });

  it('tells them the model and the budget', () => {
    const { task, route } = triagers(synthesized);
    const functions = resourcesOf(synthesized.statelessTree, 'AWS::Lambda::Function');
    for (const id of [task.fn, route.fn]) {
      const variables = environmentOf(functions[id]!);
      expect(variables).toMatchObject({ TRIAGE_MODEL_ID: MODEL, TRIAGE_TOKENS_PER_TENANT_PER_DAY: '50000' });
      expect(variables).not.toHaveProperty('TRIAGE_INFERENCE_PROFILE');
    }
  });
});

describe('with bedrockInferenceProfile', () => {
  let synthesized: Synthesized;
  beforeAll(() => {
    synthesized = synthesize({ bedrockModelId: MODEL, bedrockInferenceProfile: PROFILE });
  });
  afterAll(() => synthesized.cleanup());

  it('grants the profile, and the model in any region only through that profile', () => {
    const { task, route } = triagers(synthesized);
    const granted = bedrockStatements(synthesized.statelessTree);
    expect([...granted.keys()].sort()).toEqual([task.role, route.role].sort());
    const profileArn = {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':bedrock:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          `:inference-profile/${PROFILE}`,
        ],
      ],
    };
    for (const statements of granted.values()) {
      expect(statements).toEqual(
        expect.arrayContaining([
          { Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: profileArn },
          {
            Effect: 'Allow',
            Action: 'bedrock:InvokeModel',
            Resource: foundationModelArn('any'),
            Condition: { StringEquals: { 'bedrock:InferenceProfileArn': profileArn } },
          },
        ]),
      );
      expect(statements).toHaveLength(2);
    }
    const functions = resourcesOf(synthesized.statelessTree, 'AWS::Lambda::Function');
    expect(environmentOf(functions[task.fn]!)).toMatchObject({
      TRIAGE_MODEL_ID: MODEL,
      TRIAGE_INFERENCE_PROFILE: PROFILE,
    });
  });

  it('leaves no unacknowledged cdk-nag finding on the triage functions', () => {
    const paths = [
      synthesized.stateless.pipeline.functions.get('TriageAnomaly')!.node.path,
      synthesized.stateless.api.functions.get('CreateReport')!.node.path,
    ];
    const findings = synthesized.report.pluginReports
      .flatMap((report) => report.violations)
      .flatMap((v) =>
        v.violatingConstructs
          .filter((c) => paths.some((path) => c.constructPath.startsWith(path)))
          .map((c) => `${v.ruleName} at ${c.constructPath}`),
      );
    expect(findings).toEqual([]);
  });
});

describe('bad context', () => {
  it('refuses a profile without the model it routes to', () => {
    expect(() => synthesize({ bedrockInferenceProfile: PROFILE })).toThrow(/needs bedrockModelId/);
  });

  it('refuses a malformed model id', () => {
    expect(() => synthesize({ bedrockModelId: 'model with spaces' })).toThrow(/bedrockModelId/);
  });
});

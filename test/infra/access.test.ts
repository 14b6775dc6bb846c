import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes';
import { type Tier, tiers } from '../../packages/core/src/access';
import {
  type CfnResource,
  environmentOf,
  resourceNamed,
  resourcesOf,
  routeLogicalId,
  type Statement,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth';

let synthesized: Synthesized;
let template: Template;

beforeAll(() => {
  synthesized = synthesize();
  // The parent and its route stacks as one: the route functions and roles are nested.
  template = synthesized.statelessTree;
});
afterAll(() => synthesized.cleanup());

const tierNames = Object.keys(tiers) as Tier[];

/** A stateful resource's ARN as the stateless template imports it. */
const importedArn = (logicalIdPrefix: string) =>
  new RegExp(
    `^\\{"Fn::ImportValue":"PynomalyStateful:ExportsOutputFnGetAtt${logicalIdPrefix}\\w*Arn\\w*"\\}$`,
  );
const POOL_ARN = importedArn('UsersUserPool');
const TABLE_ARN = importedArn('DataTable');
const BUCKET_ARN = importedArn('StorageData');
const STATE_MACHINE_ARN = /^\{"Ref":"PipelineStateMachine\w+"\}$/;

/** Every action the statements allow on a resource whose rendering matches `resource`. */
function actionsOn(statements: Statement[], resource: RegExp): string[] {
  const actions = statements
    .filter((s) => s.Effect === 'Allow')
    .filter((s) => [s.Resource].flat().some((r) => resource.test(JSON.stringify(r))))
    .flatMap((s) => [s.Action].flat());
  return [...new Set(actions)].sort();
}

const routeStatements = (routeId: string) => statementsOfRole(template, routeLogicalId(routeId, 'Role'));

describe('usage plans', () => {
  const plans = () => Object.entries(resourcesOf(template, 'AWS::ApiGateway::UsagePlan'));
  const planOf = (tier: Tier): [string, CfnResource] => {
    const found = plans().find(([, plan]) => plan.Properties.UsagePlanName === `pynomaly-${tier}`);
    if (!found) throw new Error(`no usage plan for tier ${tier}`);
    return found;
  };

  it('exist once per tier of the tier table', () => {
    expect(plans()).toHaveLength(tierNames.length);
    for (const tier of tierNames) planOf(tier);
  });

  it.each(tierNames)('turn the hourly %s tier into a steady rate, a burst and a daily quota', (tier) => {
    const perHour = tiers[tier].requestsPerHour;
    const [, plan] = planOf(tier);
    expect(plan.Properties.Throttle).toEqual({
      RateLimit: perHour / 3600,
      BurstLimit: Math.max(10, Math.ceil(perHour / 360)),
    });
    expect(plan.Properties.Quota).toEqual({ Limit: 24 * perHour, Period: 'DAY' });
  });

  it('meter the v1 stage of the API', () => {
    const stages = resourcesOf(template, 'AWS::ApiGateway::Stage');
    const [apiId] = Object.keys(resourcesOf(template, 'AWS::ApiGateway::RestApi'));
    for (const tier of tierNames) {
      const apiStages = planOf(tier)[1].Properties.ApiStages as { ApiId: unknown; Stage: { Ref: string } }[];
      expect(apiStages, tier).toHaveLength(1);
      expect(apiStages[0]?.ApiId, tier).toEqual({ Ref: apiId });
      expect(stages[apiStages[0]?.Stage.Ref ?? '']?.Properties.StageName, tier).toBe('v1');
    }
  });

  it('each have one API key, whose value the authorizer names for that tier and the template never holds', () => {
    const keys = resourcesOf(template, 'AWS::ApiGateway::ApiKey');
    const planKeys = Object.values(resourcesOf(template, 'AWS::ApiGateway::UsagePlanKey'));
    expect(Object.keys(keys)).toHaveLength(tierNames.length);
    const authorizerEnv = environmentOf(
      resourceNamed(template, 'AWS::Lambda::Function', 'ApiAuthorizerFunction'),
    );
    const values = new Set<string>();
    for (const tier of tierNames) {
      const [planId] = planOf(tier);
      const attached = planKeys.filter((k) => (k.Properties.UsagePlanId as { Ref: string }).Ref === planId);
      expect(attached, tier).toHaveLength(1);
      const keyId = (attached[0]?.Properties.KeyId as { Ref: string } | undefined)?.Ref;
      const key = keys[keyId ?? ''];
      expect(key?.Properties.Enabled, tier).toBe(true);
      const value = key?.Properties.Value;
      expect(typeof value, `${tier}: a literal key value`).not.toBe('string');
      expect(JSON.stringify(value), tier).toContain('{{resolve:secretsmanager:');
      expect(authorizerEnv[`USAGE_PLAN_KEY_${tier.toUpperCase()}`], tier).toEqual(value);
      values.add(JSON.stringify(value));
    }
    expect(values.size).toBe(tierNames.length);
  });

  it('take their key values from secrets generated at deploy time', () => {
    const secrets = Object.values(resourcesOf(template, 'AWS::SecretsManager::Secret'));
    expect(secrets).toHaveLength(tierNames.length);
    for (const secret of secrets) {
      expect(secret.Properties.GenerateSecretString).toMatchObject({
        PasswordLength: expect.any(Number),
        ExcludePunctuation: true,
      });
      // API Gateway key values must be 20 to 128 characters.
      const length = (secret.Properties.GenerateSecretString as { PasswordLength: number }).PasswordLength;
      expect(length).toBeGreaterThanOrEqual(20);
      expect(length).toBeLessThanOrEqual(128);
    }
  });
});

describe('route grants', () => {
  it.each(routes.filter((r) => r.cognitoActions).map((r) => [r.id, r.cognitoActions ?? []] as const))(
    '%s may do exactly its cognitoActions on the user pool',
    (id, actions) => {
      expect(actionsOn(routeStatements(id), POOL_ARN)).toEqual([...new Set(actions)].sort());
    },
  );

  it('give no other route and not the authorizer any IAM action on the user pool', () => {
    for (const route of routes.filter((r) => !r.cognitoActions && !r.needs?.includes('dependencies'))) {
      expect(actionsOn(routeStatements(route.id), POOL_ARN), route.id).toEqual([]);
    }
    expect(actionsOn(statementsOfRole(template, 'ApiAuthorizerRole'), POOL_ARN)).toEqual([]);
  });

  it('let only the routes that text a code publish through SNS', () => {
    for (const route of routes) {
      const publishes = actionsOn(routeStatements(route.id), /^"\*"$/).includes('sns:Publish');
      expect(publishes, route.id).toBe(Boolean(route.needs?.includes('sms')));
    }
    expect(routes.filter((r) => r.needs?.includes('sms')).map((r) => r.id)).toEqual(['Login', 'SetupSmsMfa']);
  });

  it('tell the experiment and AutoML run routes where the study state machine is', () => {
    for (const id of ['RunExperiment', 'StartAutoMl']) {
      const fn = resourceNamed(template, 'AWS::Lambda::Function', routeLogicalId(id, 'Function'));
      expect(environmentOf(fn), id).toMatchObject({
        STUDY_STATE_MACHINE_ARN: { Ref: expect.stringMatching(/^StudyPipelineStateMachine/) },
      });
    }
  });
});

describe('system status', () => {
  it('may describe each dependency it probes', () => {
    const statements = routeStatements('SystemStatus');
    expect(actionsOn(statements, TABLE_ARN)).toContain('dynamodb:DescribeTable');
    expect(actionsOn(statements, BUCKET_ARN)).toContain('s3:ListBucket');
    expect(actionsOn(statements, POOL_ARN)).toEqual(['cognito-idp:DescribeUserPool']);
    expect(actionsOn(statements, STATE_MACHINE_ARN)).toEqual(['states:DescribeStateMachine']);
  });

  it('knows where each dependency is', () => {
    const variables = environmentOf(
      resourceNamed(template, 'AWS::Lambda::Function', routeLogicalId('SystemStatus', 'Function')),
    );
    expect(variables).toMatchObject({
      TABLE_NAME: expect.anything(),
      BUCKET_NAME: expect.anything(),
      USER_POOL_ID: expect.anything(),
      STATE_MACHINE_ARN: { Ref: expect.stringMatching(/^PipelineStateMachine/) },
    });
  });

  it('is, with the health probes, the only route that may see the state machine', () => {
    for (const route of routes.filter((r) => !r.needs?.includes('dependencies'))) {
      expect(actionsOn(routeStatements(route.id), STATE_MACHINE_ARN), route.id).toEqual([]);
    }
  });
});

describe('queued detections', () => {
  it('let only the detect route start the detection state machine, told where it is', () => {
    const detect = resourceNamed(template, 'AWS::Lambda::Function', routeLogicalId('Detect', 'Function'));
    expect(environmentOf(detect)).toMatchObject({
      DETECTION_STATE_MACHINE_ARN: { Ref: expect.stringMatching(/^DetectionPipelineStateMachine/) },
    });
    for (const route of routes) {
      const starts = routeStatements(route.id).some((s) =>
        [s.Action].flat().includes('states:StartExecution'),
      );
      expect(starts, route.id).toBe(
        Boolean(route.needs?.some((need) => need === 'detectionPipeline' || need === 'studyPipeline')),
      );
    }
  });

  it('tell the experiment and AutoML run routes where the study state machine is', () => {
    for (const id of ['RunExperiment', 'StartAutoMl']) {
      const fn = resourceNamed(template, 'AWS::Lambda::Function', routeLogicalId(id, 'Function'));
      expect(environmentOf(fn), id).toMatchObject({
        STUDY_STATE_MACHINE_ARN: { Ref: expect.stringMatching(/^StudyPipelineStateMachine/) },
      });
    }
  });
});

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

const plans = () => Object.entries(resourcesOf(template, 'AWS::ApiGateway::UsagePlan'));
/** A tier's usage plan: its logical id and resource. */
const planOf = (tier: Tier): [string, CfnResource] => {
  const found = plans().find(([, plan]) => plan.Properties.UsagePlanName === `pynomaly-${tier}`);
  if (!found) throw new Error(`no usage plan for tier ${tier}`);
  return found;
};

describe('usage plans', () => {
  it('exist once per tier of the tier table', () => {
    expect(plans()).toHaveLength(tierNames.length);
    for (const tier of tierNames) planOf(tier);
  });

  it.each(tierNames)(
    'turn the hourly %s tier into a per-caller flood guard: an hour in a minute, a burst, a daily cap',
    (tier) => {
      const perHour = tiers[tier].requestsPerHour;
      const [, plan] = planOf(tier);
      expect(plan.Properties.Throttle).toEqual({
        RateLimit: perHour / 60,
        BurstLimit: Math.max(20, Math.ceil(perHour / 5)),
      });
      expect(plan.Properties.Quota).toEqual({ Limit: 24 * perHour, Period: 'DAY' });
    },
  );

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

  it('hold no shared key: every caller gets its own at run time, so the template has no key or secret', () => {
    expect(resourcesOf(template, 'AWS::ApiGateway::ApiKey')).toEqual({});
    expect(resourcesOf(template, 'AWS::ApiGateway::UsagePlanKey')).toEqual({});
    expect(resourcesOf(template, 'AWS::SecretsManager::Secret')).toEqual({});
  });

  it('are named to the authorizer by id, one variable per tier, and no key value is', () => {
    const authorizerEnv = environmentOf(
      resourceNamed(template, 'AWS::Lambda::Function', 'ApiAuthorizerFunction'),
    );
    for (const tier of tierNames)
      expect(authorizerEnv[`USAGE_PLAN_ID_${tier.toUpperCase()}`], tier).toEqual({ Ref: planOf(tier)[0] });
    expect(Object.keys(authorizerEnv).filter((name) => name.startsWith('USAGE_PLAN_KEY_'))).toEqual([]);
  });
});

describe('usage-plan key grants', () => {
  /** `arn:<partition>:apigateway:<region>::<path>` as the template renders it. */
  const apigatewayArn = (...path: unknown[]) => ({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ...path]],
  });
  const API_KEYS = apigatewayArn('::/apikeys*');
  const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));
  /** The apigateway: statements of a role, as [sorted actions, sorted resources]. */
  const apigatewayGrants = (statements: Statement[]) =>
    statements
      .filter((s) => [s.Action].flat().some((a) => a.startsWith('apigateway:')))
      .map((s) => [[s.Action].flat().sort(), [s.Resource].flat().sort(byJson)]);

  it("let the authorizer make, read and delete API keys and the keys of the tiers' plans, nothing more", () => {
    const planKeys = tierNames.map((tier) =>
      apigatewayArn('::/usageplans/', { Ref: planOf(tier)[0] }, '/keys*'),
    );
    expect(apigatewayGrants(statementsOfRole(template, 'ApiAuthorizerRole'))).toEqual([
      [['apigateway:DELETE', 'apigateway:GET', 'apigateway:POST'], [API_KEYS, ...planKeys].sort(byJson)],
    ]);
  });

  it('let the user and API-key lifecycle routes (needs usageKeys) read and delete API keys only', () => {
    const lifecycle = routes.filter((r) => r.needs?.includes('usageKeys')).map((r) => r.id);
    expect(lifecycle.sort()).toEqual(['DeleteUser', 'RevokeApiKey', 'UpdateUser']);
    for (const id of lifecycle)
      expect(apigatewayGrants(routeStatements(id)), id).toEqual([
        [['apigateway:DELETE', 'apigateway:GET'], [API_KEYS]],
      ]);
  });

  it('give no other route any apigateway action', () => {
    for (const route of routes.filter((r) => !r.needs?.includes('usageKeys')))
      expect(apigatewayGrants(routeStatements(route.id)), route.id).toEqual([]);
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
        Boolean(
          route.needs?.some(
            (need) =>
              need === 'detectionPipeline' ||
              need === 'studyPipeline' ||
              need === 'ingestPipeline' ||
              need === 'webhookRetries',
          ),
        ),
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

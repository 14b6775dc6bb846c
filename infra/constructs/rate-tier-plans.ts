/**
 * One API Gateway usage plan per rate tier of packages/core/src/access.ts. Every caller (each
 * user, each `pyn_` API key) has an API Gateway key of its own in its tier's plan, so each is
 * metered on its own budget: the authorizer makes the key on the caller's first request, moves
 * it when the caller's tier changes, and names it as `usageIdentifierKey`
 * (packages/auth/src/usage-keys.ts); the user and API-key lifecycle deletes it. The keys are
 * selectors, not credentials: callers present our own `pyn_…` keys or tokens, and with API key
 * source AUTHORIZER API Gateway never reads a key from the request.
 * docs/adr/0004-rate-tiers-and-api-keys.md explains the mapping and the choices.
 */
import { Stack } from 'aws-cdk-lib';
import { Period, type RestApi, UsagePlan } from 'aws-cdk-lib/aws-apigateway';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  type Tier,
  tiers,
  type UsagePlanLimits,
  usagePlanIdVariable,
  usagePlanLimits,
} from '../../packages/core/src/access';
import type { PynomalyFunction } from './lambda-function';
import { acknowledge, wildcardResourceFinding } from './nag';

export { type UsagePlanLimits, usagePlanIdVariable, usagePlanLimits };

/** Partition key of the table items recording callers' usage-plan keys (packages/auth/src/usage-keys.ts). */
export const USAGE_KEY_ITEMS = 'USAGEKEY#*';

/** Properties of {@link RateTierPlans}. */
export interface RateTierPlansProps {
  /** The API whose deployment stage the plans meter. */
  readonly api: RestApi;
}

/** The ARN of API Gateway's API keys (`/apikeys`, `/apikeys/<id>`), without the wildcard. */
function apiKeysArn(scope: Construct): string {
  const stack = Stack.of(scope);
  return `arn:${stack.partition}:apigateway:${stack.region}::/apikeys`;
}

/** Allow `actions` on `<arn>*` for each ARN, acknowledging each wildcard finding with `reason`. */
function grantUnder(fn: PynomalyFunction, actions: string[], arns: string[], reason: string): void {
  fn.role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: arns.map((arn) => `${arn}*`) }));
  for (const arn of arns) acknowledge(fn, wildcardResourceFinding(fn, fn, arn, '*'), reason);
}

/** A usage plan per tier of the tier table, on the API's deployment stage. */
export class RateTierPlans extends Construct {
  /** The usage plans by tier. */
  readonly plans: ReadonlyMap<Tier, UsagePlan>;

  constructor(scope: Construct, id: string, props: RateTierPlansProps) {
    super(scope, id);
    const plans = new Map<Tier, UsagePlan>();
    for (const tier of Object.keys(tiers) as Tier[]) {
      const { requestsPerHour } = tiers[tier];
      const limits = usagePlanLimits(requestsPerHour);
      const plan = new UsagePlan(new Construct(this, tier), 'Plan', {
        name: `pynomaly-${tier}`,
        description: `Tier ${tier}: ${requestsPerHour} requests per hour (hourly count in DynamoDB); per caller, a flood guard and a daily cap`,
        throttle: { rateLimit: limits.rateLimit, burstLimit: limits.burstLimit },
        quota: { limit: limits.dailyQuota, period: Period.DAY },
        apiStages: [{ api: props.api, stage: props.api.deploymentStage }],
      });
      plans.set(tier, plan);
    }
    this.plans = plans;
  }

  /**
   * What the authorizer needs to keep callers' keys: each plan's id as `USAGE_PLAN_ID_<TIER>`;
   * create, read and delete API keys and the keys of these plans; and put and update the
   * table items recording them (`USAGEKEY#<caller>`), no other item.
   */
  bindAuthorizer(fn: PynomalyFunction, table: ITable): void {
    for (const [tier, plan] of this.plans) fn.addEnvironment(usagePlanIdVariable(tier), plan.usagePlanId);
    const planKeys = [...this.plans.values()].map(
      (plan) =>
        `arn:${Stack.of(fn).partition}:apigateway:${Stack.of(fn).region}::/usageplans/${plan.usagePlanId}/keys`,
    );
    grantUnder(
      fn,
      ['apigateway:POST', 'apigateway:GET', 'apigateway:DELETE'],
      [apiKeysArn(fn), ...planKeys],
      "API Gateway keys are made per caller at run time (ids unknown at deploy time); the grant covers API keys and the keys of this API's usage plans only.",
    );
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [USAGE_KEY_ITEMS] } },
      }),
    );
  }
}

/**
 * What a function of the user and API-key lifecycle needs to remove callers' usage-plan keys
 * (route `needs: ['usageKeys']`): delete API keys (which takes them out of their plan), and
 * read them to find one whose id was never recorded. It moves no key between plans: after a
 * role change, the authorizer does at the caller's next request, the first moment a plan meters.
 */
export function bindUsageKeyRemoval(fn: PynomalyFunction): void {
  grantUnder(
    fn,
    ['apigateway:GET', 'apigateway:DELETE'],
    [apiKeysArn(fn)],
    'API Gateway keys are made per caller at run time (ids unknown at deploy time); the grant covers API keys only, no usage plan or API.',
  );
}

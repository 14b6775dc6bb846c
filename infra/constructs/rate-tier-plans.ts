/**
 * One API Gateway usage plan per rate tier of packages/core/src/access.ts, each with the one
 * API Gateway key the authorizer names (`usageIdentifierKey`) for callers of that tier. The
 * keys are selectors, not credentials: callers present our own `pyn_…` keys or tokens, and
 * with API key source AUTHORIZER API Gateway never reads a key from the request.
 * docs/adr/0004-rate-tiers-and-api-keys.md explains the mapping and the choices.
 */
import { ApiKey, Period, type RestApi, UsagePlan } from 'aws-cdk-lib/aws-apigateway';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { type Tier, tiers } from '../../packages/core/src/access';
import type { PynomalyFunction } from './lambda-function';
import { acknowledge } from './nag';

const SECONDS_PER_HOUR = 3600;

/** Usage plan figures for an hourly tier. */
export interface UsagePlanLimits {
  /** Steady requests per second: the hourly budget spread evenly over the hour. */
  readonly rateLimit: number;
  /** Requests API Gateway lets through at once before the steady rate applies. */
  readonly burstLimit: number;
  /** Requests per day. */
  readonly dailyQuota: number;
}

/**
 * The usage plan for `requestsPerHour`. API Gateway quotas count per day, week or month, so the
 * hour becomes a rate plus a daily quota of 24 hours' worth; the exact hourly count and the
 * X-RateLimit-* headers stay with the DynamoDB counter (packages/core/src/rate-limit.ts).
 * The burst is ten seconds' worth of the hourly budget, but at least 10, so a page that loads
 * a handful of resources at once is never throttled by a low tier.
 */
export function usagePlanLimits(requestsPerHour: number): UsagePlanLimits {
  return {
    rateLimit: requestsPerHour / SECONDS_PER_HOUR,
    burstLimit: Math.max(10, Math.ceil(requestsPerHour / 360)),
    dailyQuota: 24 * requestsPerHour,
  };
}

/** The environment variable holding a tier's key value (read by functions/http/authorizer.ts). */
export function usagePlanKeyVariable(tier: Tier): string {
  return `USAGE_PLAN_KEY_${tier.toUpperCase()}`;
}

/** Properties of {@link RateTierPlans}. */
export interface RateTierPlansProps {
  /** The API whose deployment stage the plans meter. */
  readonly api: RestApi;
}

/** A usage plan and its API key per tier of the tier table, on the API's deployment stage. */
export class RateTierPlans extends Construct {
  /** The usage plans by tier. */
  readonly plans: ReadonlyMap<Tier, UsagePlan>;
  /**
   * The key values by tier, as CloudFormation dynamic references to generated secrets: the
   * template never holds a value, CloudFormation resolves it at deploy time.
   */
  private readonly keyValues: ReadonlyMap<Tier, string>;

  constructor(scope: Construct, id: string, props: RateTierPlansProps) {
    super(scope, id);
    const plans = new Map<Tier, UsagePlan>();
    const keyValues = new Map<Tier, string>();

    for (const tier of Object.keys(tiers) as Tier[]) {
      const { requestsPerHour } = tiers[tier];
      const limits = usagePlanLimits(requestsPerHour);
      const scoped = new Construct(this, tier);

      const value = new Secret(scoped, 'KeyValue', {
        description: `Pynomaly usage-plan selector of the ${tier} tier (an API Gateway key value, no credential)`,
        generateSecretString: { passwordLength: 40, excludePunctuation: true, includeSpace: false },
      });
      acknowledge(
        value,
        'SMG4',
        'The value only selects a usage plan (API key source AUTHORIZER: callers cannot present it); CloudFormation copies it into the API key and the authorizer at deploy time, so a rotation would desynchronise them until the next deploy.',
      );
      // A dynamic reference, resolved by CloudFormation: no value in the template or the assembly.
      const keyValue = value.secretValue.unsafeUnwrap();
      const key = new ApiKey(scoped, 'Key', {
        description: `Selects the ${tier} usage plan; set by the authorizer, never sent by callers`,
        value: keyValue,
      });

      const plan = new UsagePlan(scoped, 'Plan', {
        name: `pynomaly-${tier}`,
        description: `Tier ${tier}: ${requestsPerHour} requests per hour (hourly count in DynamoDB)`,
        throttle: { rateLimit: limits.rateLimit, burstLimit: limits.burstLimit },
        quota: { limit: limits.dailyQuota, period: Period.DAY },
        apiStages: [{ api: props.api, stage: props.api.deploymentStage }],
      });
      plan.addApiKey(key);

      plans.set(tier, plan);
      keyValues.set(tier, keyValue);
    }
    this.plans = plans;
    this.keyValues = keyValues;
  }

  /** Give the authorizer every tier's key value as `USAGE_PLAN_KEY_<TIER>`. */
  bindAuthorizer(fn: PynomalyFunction): void {
    for (const [tier, value] of this.keyValues) fn.addEnvironment(usagePlanKeyVariable(tier), value);
  }
}

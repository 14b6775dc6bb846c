/**
 * The local usage plans: API Gateway's API keys, usage plans and usage-plan keys as the local
 * stand-in (api-gateway-server.ts) manages them, and their enforcement by the local gateway.
 * The plans are the CDK stack's (infra/constructs/rate-tier-plans.ts): one per tier of the tier
 * table, with the figures of the same `usagePlanLimits` (changeable, as on AWS, by UpdateUsagePlan). After the authorizer allows a request,
 * the gateway meters it on the key the authorizer named (`usageIdentifierKey`), as API Gateway
 * does with API key source AUTHORIZER: an unknown key is refused 403, a caller past its plan's
 * burst and rate 429 "Too Many Requests", past its daily quota 429 "Limit Exceeded".
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Tier, tiers, type UsagePlanLimits, usagePlanLimits } from '@pynomaly/core';

/** An error API Gateway's management API answers: its HTTP status and `x-amzn-ErrorType`. */
export class ApiGatewayError extends Error {
  constructor(
    readonly status: number,
    readonly type: 'NotFoundException' | 'ConflictException' | 'BadRequestException',
    message: string,
  ) {
    super(message);
  }
}

/** An API key as API Gateway describes it (`ApiKey`). */
export interface LocalApiKey {
  id: string;
  name: string;
  value: string;
  description?: string;
  enabled: boolean;
  /** Epoch seconds, as the REST-JSON protocol carries timestamps. */
  createdDate: number;
  lastUpdatedDate: number;
}

/** A usage plan of the local stage `v1`. */
export interface LocalUsagePlan {
  readonly id: string;
  readonly name: string;
  readonly tier: Tier;
  /** The CDK stack's figures, unless changed since (UpdateUsagePlan). */
  limits: UsagePlanLimits;
}

/** Why the gateway refuses a request on its usage plan, as the deployed gateway responses answer. */
export interface UsagePlanRefusal {
  status: number;
  title: string;
  /** API Gateway's `$context.error.messageString`. */
  detail: string;
  headers: Record<string, string>;
}

/** The local id of a tier's usage plan (the authorizer reads it from `USAGE_PLAN_ID_<TIER>`). */
export const localUsagePlanId = (tier: Tier) => `local-${tier.replace(/_/g, '-')}`;

interface Meter {
  tokens: number;
  refilledAt: number;
  day: string;
  used: number;
}

interface Saved {
  keys: LocalApiKey[];
  planKeys: Record<string, string[]>;
}

const DAY_MS = 86_400_000;

/** The keys, plans and meters of the local API Gateway, kept in one JSON file under the home. */
export class LocalUsagePlans {
  readonly plans: readonly LocalUsagePlan[];
  private readonly keys = new Map<string, LocalApiKey>();
  private readonly planKeys = new Map<string, Set<string>>();
  private readonly meters = new Map<string, Meter>();

  /**
   * @param file where keys and plan memberships persist across restarts, as the table items
   *   that record them do; meters start afresh
   * @param now the clock, in epoch milliseconds
   */
  constructor(
    private readonly file?: string,
    private readonly now: () => number = Date.now,
  ) {
    this.plans = (Object.keys(tiers) as Tier[]).map((tier) => ({
      id: localUsagePlanId(tier),
      name: `pynomaly-${tier}`,
      tier,
      limits: usagePlanLimits(tiers[tier].requestsPerHour),
    }));
    for (const plan of this.plans) this.planKeys.set(plan.id, new Set());
    if (file && existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
      for (const key of saved.keys) this.keys.set(key.id, key);
      for (const [planId, ids] of Object.entries(saved.planKeys))
        for (const id of ids) if (this.keys.has(id)) this.planKeys.get(planId)?.add(id);
    }
  }

  /** The plan ids by tier, as the CDK stack gives them to the authorizer. */
  planIds(): Record<Tier, string> {
    return Object.fromEntries(this.plans.map((plan) => [plan.tier, plan.id])) as Record<Tier, string>;
  }

  // API keys (CreateApiKey, GetApiKey, GetApiKeys, DeleteApiKey).

  createKey(input: { name?: string; value?: string; description?: string; enabled?: boolean }): LocalApiKey {
    const value = input.value ?? randomBytes(20).toString('hex');
    if (value.length < 20 || value.length > 128)
      throw new ApiGatewayError(400, 'BadRequestException', 'API Key value should be at least 20 characters');
    if ([...this.keys.values()].some((key) => key.value === value))
      throw new ApiGatewayError(409, 'ConflictException', 'API Key already exists');
    const at = Math.floor(this.now() / 1000);
    const key: LocalApiKey = {
      id: randomBytes(5).toString('hex'),
      name: input.name ?? '',
      value,
      description: input.description,
      enabled: input.enabled ?? false,
      createdDate: at,
      lastUpdatedDate: at,
    };
    this.keys.set(key.id, key);
    this.save();
    return key;
  }

  getKey(id: string): LocalApiKey {
    const key = this.keys.get(id);
    if (!key) throw new ApiGatewayError(404, 'NotFoundException', 'Invalid API Key identifier specified');
    return key;
  }

  /** Keys whose name starts with `nameQuery`, in creation order. */
  listKeys(nameQuery = ''): LocalApiKey[] {
    return [...this.keys.values()].filter((key) => key.name.startsWith(nameQuery));
  }

  deleteKey(id: string): void {
    this.getKey(id);
    this.keys.delete(id);
    for (const members of this.planKeys.values()) members.delete(id);
    this.save();
  }

  // Usage plan keys (CreateUsagePlanKey, GetUsagePlanKey(s), DeleteUsagePlanKey).

  getPlan(planId: string): LocalUsagePlan {
    const plan = this.plans.find((p) => p.id === planId);
    if (!plan) throw new ApiGatewayError(404, 'NotFoundException', 'Invalid Usage Plan ID specified');
    return plan;
  }

  /**
   * UpdateUsagePlan's `replace` of a throttle or quota figure (`/throttle/rateLimit`,
   * `/throttle/burstLimit`, `/quota/limit`): how an operator, or a test, changes a plan's limits.
   */
  updatePlan(
    planId: string,
    operations: Array<{ op?: string; path?: string; value?: string }>,
  ): LocalUsagePlan {
    const plan = this.getPlan(planId);
    const fields: Record<string, keyof UsagePlanLimits> = {
      '/throttle/rateLimit': 'rateLimit',
      '/throttle/burstLimit': 'burstLimit',
      '/quota/limit': 'dailyQuota',
    };
    const limits = { ...plan.limits };
    for (const { op, path, value } of operations) {
      const field = fields[path ?? ''];
      const number = Number(value);
      if (op !== 'replace' || !field || !Number.isFinite(number) || number < 0)
        throw new ApiGatewayError(
          400,
          'BadRequestException',
          `Invalid patch operation ${op} ${path} locally`,
        );
      limits[field] = number;
    }
    plan.limits = limits;
    return plan;
  }

  /** Adds a key to a plan; every plan meters the one stage, so a key may be in one plan only. */
  addPlanKey(planId: string, keyId: string): LocalApiKey {
    this.getPlan(planId);
    const key = this.getKey(keyId);
    for (const [otherId, members] of this.planKeys) {
      if (!members.has(keyId)) continue;
      throw new ApiGatewayError(
        409,
        'ConflictException',
        otherId === planId
          ? 'Usage Plan Key already exists'
          : `Usage Plan ${otherId} cannot be added because API Key ${keyId} cannot reference multiple Usage Plans with the same API Stage: v1`,
      );
    }
    this.planKeys.get(planId)?.add(keyId);
    this.save();
    return key;
  }

  planKeysOf(planId: string): LocalApiKey[] {
    this.getPlan(planId);
    return [...(this.planKeys.get(planId) ?? [])].map((id) => this.getKey(id));
  }

  getPlanKey(planId: string, keyId: string): LocalApiKey {
    this.getPlan(planId);
    if (!this.planKeys.get(planId)?.has(keyId))
      throw new ApiGatewayError(404, 'NotFoundException', 'Invalid Usage Plan Key identifier specified');
    return this.getKey(keyId);
  }

  deletePlanKey(planId: string, keyId: string): void {
    this.getPlanKey(planId, keyId);
    this.planKeys.get(planId)?.delete(keyId);
    this.save();
  }

  // Enforcement.

  /**
   * Meters one request on the key the authorizer named: undefined to let it through, or the
   * refusal. A key that is missing, unknown, disabled or in no plan is refused 403; then the
   * daily quota (429 "Limit Exceeded"), then the token bucket of the plan's burst, refilled at
   * its rate (429 "Too Many Requests"). Only a request let through is counted.
   */
  meter(usageIdentifierKey: string | undefined): UsagePlanRefusal | undefined {
    const key = [...this.keys.values()].find((k) => k.value === usageIdentifierKey);
    const plan = key?.enabled ? this.plans.find((p) => this.planKeys.get(p.id)?.has(key.id)) : undefined;
    if (!key || !plan) return { status: 403, title: 'Forbidden', detail: 'Forbidden', headers: {} };
    const now = this.now();
    const day = new Date(Math.floor(now / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
    const id = `${plan.id}/${key.id}`;
    const meter = this.meters.get(id) ?? { tokens: plan.limits.burstLimit, refilledAt: now, day, used: 0 };
    this.meters.set(id, meter);
    if (meter.day !== day) Object.assign(meter, { day, used: 0 });
    const elapsed = Math.max(0, now - meter.refilledAt) / 1000;
    meter.tokens = Math.min(plan.limits.burstLimit, meter.tokens + elapsed * plan.limits.rateLimit);
    meter.refilledAt = now;
    if (meter.used >= plan.limits.dailyQuota)
      return { status: 429, title: 'Too many requests', detail: 'Limit Exceeded', headers: {} };
    if (meter.tokens < 1)
      return {
        status: 429,
        title: 'Too many requests',
        detail: 'Too Many Requests',
        headers: { 'Retry-After': '1' },
      };
    meter.tokens -= 1;
    meter.used += 1;
    return undefined;
  }

  private save(): void {
    if (!this.file) return;
    const saved: Saved = {
      keys: [...this.keys.values()],
      planKeys: Object.fromEntries([...this.planKeys].map(([planId, ids]) => [planId, [...ids]])),
    };
    mkdirSync(dirname(this.file), { recursive: true });
    const partial = `${this.file}.partial`;
    writeFileSync(partial, JSON.stringify(saved));
    renameSync(partial, this.file);
  }
}

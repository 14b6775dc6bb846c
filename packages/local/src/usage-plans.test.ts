import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tiers, usagePlanLimits } from '@pynomaly/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiGatewayError, LocalUsagePlans, localUsagePlanId } from './usage-plans';

const USER = localUsagePlanId('user');
const ADMIN = localUsagePlanId('admin');
const { burstLimit, rateLimit, dailyQuota } = usagePlanLimits(tiers.user.requestsPerHour);

function planWithKey(now: () => number, value = 'v'.repeat(40)) {
  const plans = new LocalUsagePlans(undefined, now);
  const key = plans.createKey({ name: 'pynomaly-alice', value, enabled: true });
  plans.addPlanKey(USER, key.id);
  return { plans, key };
}

const statuses = (plans: LocalUsagePlans, value: string, n: number) =>
  Array.from({ length: n }, () => plans.meter(value)?.detail ?? 'ok');

describe('local usage plans', () => {
  it("are the CDK stack's: one per tier with the figures of usagePlanLimits", () => {
    const plans = new LocalUsagePlans();
    expect(plans.plans.map((p) => [p.name, p.limits])).toEqual(
      Object.entries(tiers).map(([tier, { requestsPerHour }]) => [
        `pynomaly-${tier}`,
        usagePlanLimits(requestsPerHour),
      ]),
    );
  });

  it('let a burst through, then refuse "Too Many Requests" with Retry-After until the bucket refills', () => {
    let now = 0;
    const { plans } = planWithKey(() => now);

    expect(statuses(plans, 'v'.repeat(40), burstLimit)).toEqual(Array(burstLimit).fill('ok'));
    expect(plans.meter('v'.repeat(40))).toEqual({
      status: 429,
      title: 'Too many requests',
      detail: 'Too Many Requests',
      headers: { 'Retry-After': '1' },
    });
    now += 1000;
    expect(statuses(plans, 'v'.repeat(40), Math.floor(rateLimit) + 1)).toEqual([
      ...Array(Math.floor(rateLimit)).fill('ok'),
      'Too Many Requests',
    ]);
  });

  it('keep one budget per key: another caller of the same plan is not refused', () => {
    const now = () => 0;
    const { plans } = planWithKey(now);
    const bob = plans.createKey({ name: 'pynomaly-bob', value: 'b'.repeat(40), enabled: true });
    plans.addPlanKey(USER, bob.id);

    statuses(plans, 'v'.repeat(40), burstLimit + 5);

    expect(plans.meter('b'.repeat(40))).toBeUndefined();
  });

  it('refuse "Limit Exceeded" past the daily quota, until the next UTC day', () => {
    let now = Date.UTC(2026, 0, 1, 0, 0, 0);
    const { plans } = planWithKey(() => now);
    for (let i = 0; i < dailyQuota; i++) {
      now += 1000;
      expect(plans.meter('v'.repeat(40))).toBeUndefined();
    }
    now += 1000;
    expect(plans.meter('v'.repeat(40))).toEqual({
      status: 429,
      title: 'Too many requests',
      detail: 'Limit Exceeded',
      headers: {},
    });
    now = Date.UTC(2026, 0, 2, 0, 0, 1);
    expect(plans.meter('v'.repeat(40))).toBeUndefined();
  });

  it('refuse 403 "Forbidden" a missing, unknown, disabled or unplanned key', () => {
    const plans = new LocalUsagePlans();
    const disabled = plans.createKey({ name: 'off', value: 'o'.repeat(40), enabled: false });
    plans.addPlanKey(USER, disabled.id);
    plans.createKey({ name: 'loose', value: 'l'.repeat(40), enabled: true });
    for (const value of [undefined, 'u'.repeat(40), 'o'.repeat(40), 'l'.repeat(40)])
      expect(plans.meter(value), String(value)).toEqual({
        status: 403,
        title: 'Forbidden',
        detail: 'Forbidden',
        headers: {},
      });
  });

  it('hold a key in one plan at a time, as one stage allows, and refuse a duplicate value', () => {
    const { plans, key } = planWithKey(() => 0);
    expect(() => plans.addPlanKey(USER, key.id)).toThrow(/already exists/);
    expect(() => plans.addPlanKey(ADMIN, key.id)).toThrow(/multiple Usage Plans/);
    expect(() => plans.createKey({ value: 'v'.repeat(40) })).toThrow(ApiGatewayError);
    plans.deletePlanKey(USER, key.id);
    expect(plans.addPlanKey(ADMIN, key.id).id).toBe(key.id);
    expect(plans.planKeysOf(ADMIN).map((k) => k.id)).toEqual([key.id]);
  });

  it('lose a deleted key from its plan', () => {
    const { plans, key } = planWithKey(() => 0);
    plans.deleteKey(key.id);
    expect(plans.planKeysOf(USER)).toEqual([]);
    expect(() => plans.getKey(key.id)).toThrow(/Invalid API Key identifier/);
  });

  describe('with a file', () => {
    let home: string | undefined;
    afterEach(() => {
      if (home) rmSync(home, { recursive: true, force: true });
    });

    it('keep keys and plan memberships across a restart, as the table items naming them persist', () => {
      home = mkdtempSync(join(tmpdir(), 'usage-plans-'));
      const file = join(home, 'api-gateway.json');
      const first = new LocalUsagePlans(file);
      const key = first.createKey({ name: 'pynomaly-alice', value: 'v'.repeat(40), enabled: true });
      first.addPlanKey(ADMIN, key.id);

      const second = new LocalUsagePlans(file);

      expect(second.getPlanKey(ADMIN, key.id).value).toBe('v'.repeat(40));
      expect(second.meter('v'.repeat(40))).toBeUndefined();
    });
  });
});

import { ConfigError, type Tier, usagePlanIds } from '@pynomaly/core';
import { describe, expect, it } from 'vitest';
import { type UsageKeyItem, type UsageKeyStore, UsageKeys, usageKeyName } from './usage-keys';
import type { NewUsagePlanKey, UsagePlanApi } from './usage-plan-api';

const PLANS: Record<Tier, string> = { user: 'plan-user', api_key: 'plan-api-key', admin: 'plan-admin' };

/** API Gateway as usage-keys.ts sees it: unique values, one plan per key on the one stage. */
class FakeApiGateway implements UsagePlanApi {
  readonly keys = new Map<string, { name: string; value: string }>();
  readonly members = new Map<string, Set<string>>(Object.values(PLANS).map((id) => [id, new Set<string>()]));
  readonly calls: string[] = [];
  /** Whether CreateApiKey refuses a value it holds (true, as API Gateway does). */
  uniqueValues = true;
  private next = 0;

  async createKey(key: NewUsagePlanKey) {
    this.calls.push(`createKey ${key.name}`);
    await Promise.resolve();
    if (this.uniqueValues && [...this.keys.values()].some((k) => k.value === key.value))
      return 'conflict' as const;
    const id = `key${++this.next}`;
    this.keys.set(id, { name: key.name, value: key.value });
    return { id };
  }
  async findKey(name: string, value: string) {
    this.calls.push(`findKey ${name}`);
    return [...this.keys].find(([, k]) => k.name === name && k.value === value)?.[0];
  }
  async deleteKey(keyId: string) {
    this.calls.push(`deleteKey ${keyId}`);
    this.keys.delete(keyId);
    for (const set of this.members.values()) set.delete(keyId);
  }
  async addToPlan(planId: string, keyId: string) {
    this.calls.push(`addToPlan ${planId}`);
    if ([...this.members.values()].some((set) => set.has(keyId))) return 'conflict' as const;
    this.members.get(planId)?.add(keyId);
    return 'added' as const;
  }
  async inPlan(planId: string, keyId: string) {
    return this.members.get(planId)?.has(keyId) ?? false;
  }
  async removeFromPlan(planId: string, keyId: string) {
    this.calls.push(`removeFromPlan ${planId}`);
    this.members.get(planId)?.delete(keyId);
  }
  planOf(keyId: string) {
    return [...this.members].filter(([, set]) => set.has(keyId)).map(([id]) => id);
  }
}

/** The table item per caller, with the conditions DynamoUsageKeyStore writes with. */
class MemoryStore implements UsageKeyStore {
  readonly items = new Map<string, UsageKeyItem>();
  async get(callerId: string) {
    await Promise.resolve();
    const item = this.items.get(callerId);
    return item && { ...item };
  }
  async claim(item: UsageKeyItem) {
    if (this.items.has(item.caller_id)) return false;
    this.items.set(item.caller_id, { ...item });
    return true;
  }
  async recordKey(callerId: string, keyId: string) {
    const item = this.items.get(callerId);
    if (!item || (item.key_id && item.key_id !== keyId))
      return { recorded: false, item: item && { ...item } };
    item.key_id = keyId;
    return { recorded: true, item: { ...item } };
  }
  async recordTier(callerId: string, tier: Tier) {
    const item = this.items.get(callerId);
    if (!item) throw Object.assign(new Error('gone'), { name: 'ConditionalCheckFailedException' });
    item.plan_tier = tier;
  }
  async delete(callerId: string) {
    this.items.delete(callerId);
  }
}

function setup() {
  const api = new FakeApiGateway();
  const store = new MemoryStore();
  const keys = new UsageKeys({ api, store, planIds: () => PLANS });
  return { api, store, keys };
}

describe('UsageKeys.ensure', () => {
  it("makes a caller's own key on its first request, in its tier's plan, and remembers it", async () => {
    const { api, store, keys } = setup();

    const value = await keys.ensure({ id: 'alice', tier: 'user', credential: 's1' });

    const item = store.items.get('alice');
    expect(item).toMatchObject({ caller_id: 'alice', value, key_id: 'key1', plan_tier: 'user' });
    expect(value).toMatch(/^[0-9a-f]{40}$/);
    expect(api.keys.get('key1')).toEqual({ name: usageKeyName('alice'), value });
    expect(api.planOf('key1')).toEqual([PLANS.user]);
    const calls = api.calls.length;
    expect(await keys.ensure({ id: 'alice', tier: 'user', credential: 's1' })).toBe(value);
    expect(api.calls).toHaveLength(calls);
  });

  it('gives every caller a key of its own', async () => {
    const { api, keys } = setup();

    const [alice, bob, key] = await Promise.all([
      keys.ensure({ id: 'alice', tier: 'user' }),
      keys.ensure({ id: 'bob', tier: 'user' }),
      keys.ensure({ id: 'apikey:01ABC', tier: 'api_key' }),
    ]);

    expect(new Set([alice, bob, key]).size).toBe(3);
    expect(api.keys.size).toBe(3);
    expect(api.members.get(PLANS.user)?.size).toBe(2);
    expect(api.members.get(PLANS.api_key)?.size).toBe(1);
  });

  it('makes one key when two first requests race, whose CreateApiKey conflicts', async () => {
    const { api, store, keys } = setup();
    const other = new UsageKeys({ api, store, planIds: () => PLANS });

    const values = await Promise.all([
      keys.ensure({ id: 'alice', tier: 'user' }),
      other.ensure({ id: 'alice', tier: 'user' }),
    ]);

    expect(values[0]).toBe(values[1]);
    expect(api.keys.size).toBe(1);
    expect(api.calls.filter((c) => c.startsWith('findKey'))).toHaveLength(1);
    expect(api.planOf(store.items.get('alice')?.key_id ?? '')).toEqual([PLANS.user]);
  });

  it('keeps the key recorded first when API Gateway lets two keys share a value, and deletes the other', async () => {
    const { api, store, keys } = setup();
    api.uniqueValues = false;
    const other = new UsageKeys({ api, store, planIds: () => PLANS });

    const values = await Promise.all([
      keys.ensure({ id: 'alice', tier: 'user' }),
      other.ensure({ id: 'alice', tier: 'user' }),
    ]);

    expect(values[0]).toBe(values[1]);
    expect([...api.keys.keys()]).toEqual([store.items.get('alice')?.key_id]);
  });

  it("moves the key to the new tier's plan when the caller's tier changed", async () => {
    const { api, store, keys } = setup();
    const value = await keys.ensure({ id: 'root', tier: 'admin', credential: 's1' });

    expect(await keys.ensure({ id: 'root', tier: 'user', credential: 's2' })).toBe(value);

    expect(api.planOf('key1')).toEqual([PLANS.user]);
    expect(store.items.get('root')?.plan_tier).toBe('user');
    expect(api.calls.slice(-2)).toEqual([`removeFromPlan ${PLANS.admin}`, `addToPlan ${PLANS.user}`]);
  });

  it('does not remember across a tier change, even with the same credential', async () => {
    const { api, keys } = setup();
    await keys.ensure({ id: 'root', tier: 'admin', credential: 's1' });

    await keys.ensure({ id: 'root', tier: 'user', credential: 's1' });

    expect(api.planOf('key1')).toEqual([PLANS.user]);
  });

  it('takes the key out of a plan the item did not record before placing it', async () => {
    const { api, store, keys } = setup();
    await keys.ensure({ id: 'bob', tier: 'user' });
    // The item lost its tier (say, a crash between the two calls of a move).
    delete store.items.get('bob')?.plan_tier;

    await keys.ensure({ id: 'bob', tier: 'admin' });

    expect(api.planOf('key1')).toEqual([PLANS.admin]);
  });

  it('finishes a key whose creation was interrupted before its id was recorded', async () => {
    const { api, store, keys } = setup();
    store.items.set('carol', { caller_id: 'carol', value: 'c'.repeat(40) });
    api.keys.set('key9', { name: usageKeyName('carol'), value: 'c'.repeat(40) });

    expect(await keys.ensure({ id: 'carol', tier: 'user' })).toBe('c'.repeat(40));

    expect(store.items.get('carol')).toMatchObject({ key_id: 'key9', plan_tier: 'user' });
    expect(api.keys.size).toBe(1);
  });
});

describe('UsageKeys.remove', () => {
  it("deletes the caller's key (out of its plan) and its item", async () => {
    const { api, store, keys } = setup();
    await keys.ensure({ id: 'alice', tier: 'user', credential: 's1' });

    await keys.remove('alice');

    expect(api.keys.size).toBe(0);
    expect(api.members.get(PLANS.user)?.size).toBe(0);
    expect(store.items.has('alice')).toBe(false);
  });

  it('forgets the remembered value, so a caller let back in gets a new key', async () => {
    const { api, keys } = setup();
    const before = await keys.ensure({ id: 'alice', tier: 'user', credential: 's1' });
    await keys.remove('alice');

    const after = await keys.ensure({ id: 'alice', tier: 'user', credential: 's1' });

    expect(after).not.toBe(before);
    expect([...api.keys.values()].map((k) => k.value)).toEqual([after]);
  });

  it('finds a key whose id was never recorded by its name and value', async () => {
    const { api, store, keys } = setup();
    store.items.set('dave', { caller_id: 'dave', value: 'd'.repeat(40) });
    api.keys.set('key7', { name: usageKeyName('dave'), value: 'd'.repeat(40) });

    await keys.remove('dave');

    expect(api.keys.size).toBe(0);
    expect(store.items.size).toBe(0);
  });

  it('is a no-op for a caller without a key', async () => {
    const { api, keys } = setup();
    await keys.remove('nobody');
    expect(api.calls).toEqual([]);
  });
});

describe('usagePlanIds', () => {
  it('reads USAGE_PLAN_ID_<TIER> for every tier', () => {
    expect(
      usagePlanIds({ USAGE_PLAN_ID_USER: 'u', USAGE_PLAN_ID_API_KEY: 'k', USAGE_PLAN_ID_ADMIN: 'a' }),
    ).toEqual({ user: 'u', api_key: 'k', admin: 'a' });
  });

  it('fails naming every missing variable', () => {
    expect(() => usagePlanIds({ USAGE_PLAN_ID_USER: 'u' })).toThrow(ConfigError);
    expect(() => usagePlanIds({ USAGE_PLAN_ID_USER: 'u' })).toThrow(
      /USAGE_PLAN_ID_API_KEY, USAGE_PLAN_ID_ADMIN/,
    );
  });
});

import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Tier, tiers, usagePlanIds } from '@pynomaly/core';
import { isConditionFailure, Table } from '@pynomaly/store';
import { ApiGatewayUsagePlans, type UsagePlanApi } from './usage-plan-api';

/**
 * Per-caller usage-plan keys: every user and every `pyn_` API key gets an API Gateway key of
 * its own in its tier's usage plan, so API Gateway meters each caller on its own budget. The
 * authorizer names the caller's key (`usageIdentifierKey`); callers never see or send it (API
 * key source AUTHORIZER), so it selects a budget and proves nothing.
 *
 * Flow: the authorizer calls `ensure` on every allowed request — memory, else the table item,
 * else a new random value claimed by a conditional put, then the API Gateway key made from it
 * and placed in the caller's tier's plan, moved when the tier changed. The lifecycle (user
 * deleted or disabled, API key revoked) calls `remove`. Every step can be retried or raced.
 */

/** What the usage-plan key is for: a caller (principal `userId`) and its rate tier now. */
export interface UsageCaller {
  /** The principal's `userId`: a user's `sub`, or `apikey:<id>` (see {@link apiKeyCaller}). */
  id: string;
  tier: Tier;
  /**
   * What proved the caller (a sign-in session): the in-memory answer is kept per credential, and
   * every path that removes a key (deleting, disabling a user; revoking a key) ends the
   * credentials too, so a remembered value is never one that was removed.
   * @default the caller id
   */
  credential?: string;
}

/** The caller id of one of our API keys, as authenticate() names its principal. */
export const apiKeyCaller = (apiKeyId: string) => `apikey:${apiKeyId}`;

/**
 * The one caller every address throttled after refused credentials is metered as: its requests
 * carry no credential that was checked, and each is answered 429 (by the route, or by the
 * gateway once this shared key's own bucket is empty).
 */
export const REFUSED_ADDRESSES_CALLER = 'refused-addresses';
/** The tier the throttled addresses are metered in: the lowest. */
export const REFUSED_ADDRESSES_TIER: Tier = 'user';

/** The stored record of a caller's key. */
export interface UsageKeyItem {
  caller_id: string;
  /** The API Gateway key's value: what the authorizer returns. */
  value: string;
  /** The API Gateway key, once created. */
  key_id?: string;
  /** The tier whose plan the key was placed in. */
  plan_tier?: string;
}

/** Where the usage keys are recorded, one item per caller (the port; DynamoUsageKeyStore below). */
export interface UsageKeyStore {
  get(callerId: string): Promise<UsageKeyItem | undefined>;
  /** Records a new caller's item; false when the caller has one already. */
  claim(item: UsageKeyItem): Promise<boolean>;
  /** Records the key id, unless another one is recorded; the item as it is then (undefined: gone). */
  recordKey(callerId: string, keyId: string): Promise<{ recorded: boolean; item?: UsageKeyItem }>;
  /** Records the tier whose plan the key is in now. */
  recordTier(callerId: string, tier: Tier): Promise<void>;
  delete(callerId: string): Promise<void>;
}

const itemKey = (callerId: string) => ({ pk: `USAGEKEY#${callerId}`, sk: 'KEY' });

/** The usage keys in the table: `USAGEKEY#<caller id>` (the authorizer may write only these). */
export class DynamoUsageKeyStore implements UsageKeyStore {
  constructor(private readonly table: Table = new Table()) {}

  async get(callerId: string): Promise<UsageKeyItem | undefined> {
    const out = await this.table.client.send(
      new GetCommand({ TableName: this.table.name, Key: itemKey(callerId), ConsistentRead: true }),
    );
    return out.Item as UsageKeyItem | undefined;
  }

  async claim(item: UsageKeyItem): Promise<boolean> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: {
            ...itemKey(item.caller_id),
            entity: 'usage_key',
            created_at: new Date().toISOString(),
            ...item,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async recordKey(callerId: string, keyId: string): Promise<{ recorded: boolean; item?: UsageKeyItem }> {
    try {
      const out = await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: itemKey(callerId),
          UpdateExpression: 'SET key_id = :id',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(key_id) OR key_id = :id)',
          ExpressionAttributeValues: { ':id': keyId },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { recorded: true, item: out.Attributes as UsageKeyItem };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return { recorded: false, item: await this.get(callerId) };
    }
  }

  async recordTier(callerId: string, tier: Tier): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: itemKey(callerId),
        UpdateExpression: 'SET plan_tier = :tier',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':tier': tier },
      }),
    );
  }

  async delete(callerId: string): Promise<void> {
    await this.table.client.send(new DeleteCommand({ TableName: this.table.name, Key: itemKey(callerId) }));
  }
}

/** API Gateway key names: one per caller, so a raced or half-done creation can be found again. */
export const usageKeyName = (callerId: string) => `pynomaly-${callerId}`;

/** Remembered answers per container; far more than one authorizer container sees. */
const MAX_REMEMBERED = 10_000;

export interface UsageKeysOptions {
  /** @default DynamoUsageKeyStore on the table */
  store?: UsageKeyStore;
  /** @default ApiGatewayUsagePlans on the configured client */
  api?: UsagePlanApi;
  /** The usage plan id of each tier. @default from `USAGE_PLAN_ID_<TIER>` on first use */
  planIds?: () => Record<Tier, string>;
}

/** The per-caller usage-plan keys: their values in the table, their keys in API Gateway. */
export class UsageKeys {
  private readonly store: UsageKeyStore;
  private readonly api: UsagePlanApi;
  private readonly planIds: () => Record<Tier, string>;
  private readonly remembered = new Map<string, string>();

  constructor(options: UsageKeysOptions = {}) {
    this.store = options.store ?? new DynamoUsageKeyStore();
    this.api = options.api ?? new ApiGatewayUsagePlans();
    let plans: Record<Tier, string> | undefined;
    this.planIds = options.planIds ?? (() => (plans ??= usagePlanIds()));
  }

  /**
   * The value of the caller's usage-plan key, in its tier's plan: made on the caller's first
   * request, moved to another plan when its tier changed.
   */
  async ensure(caller: UsageCaller): Promise<string> {
    const memo = `${caller.id}\n${caller.tier}\n${caller.credential ?? caller.id}`;
    const known = this.remembered.get(memo);
    if (known) return known;
    let item = (await this.store.get(caller.id)) ?? (await this.claim(caller.id));
    if (!item.key_id) item = await this.create(item);
    if (item.plan_tier !== caller.tier) item = await this.place(item, caller.tier);
    if (this.remembered.size >= MAX_REMEMBERED) this.remembered.clear();
    this.remembered.set(memo, item.value);
    return item.value;
  }

  /** Deletes the caller's API Gateway key (which leaves its plan) and its item. Nothing to remove is fine. */
  async remove(callerId: string): Promise<void> {
    for (const memo of this.remembered.keys())
      if (memo.startsWith(`${callerId}\n`)) this.remembered.delete(memo);
    const item = await this.store.get(callerId);
    if (!item) return;
    const keyId = item.key_id ?? (await this.api.findKey(usageKeyName(callerId), item.value));
    if (keyId) await this.api.deleteKey(keyId);
    await this.store.delete(callerId);
  }

  /** A new random value for the caller; when another request claimed one first, that one. */
  private async claim(callerId: string): Promise<UsageKeyItem> {
    // 40 hex characters: API Gateway takes 20 to 128, and these need no escaping anywhere.
    const item: UsageKeyItem = { caller_id: callerId, value: randomBytes(20).toString('hex') };
    if (await this.store.claim(item)) return item;
    const winner = await this.store.get(callerId);
    if (!winner) throw new Error(`The usage key of ${callerId} was claimed and is gone`);
    return winner;
  }

  /**
   * The API Gateway key of the item's value. Two first requests at once both get here: the one
   * whose CreateApiKey conflicts finds the other's key by name and value. Should API Gateway
   * ever hold two keys of one value, the one recorded first wins and the other is deleted.
   */
  private async create(item: UsageKeyItem): Promise<UsageKeyItem> {
    const name = usageKeyName(item.caller_id);
    const created = await this.api.createKey({
      name,
      value: item.value,
      description: `Usage-plan key of Pynomaly caller ${item.caller_id}; named by the authorizer, never sent by callers`,
    });
    const keyId = created === 'conflict' ? await this.api.findKey(name, item.value) : created.id;
    if (!keyId) throw new Error(`API Gateway holds the value of ${name} under another name`);
    const { recorded, item: current } = await this.store.recordKey(item.caller_id, keyId);
    if (!recorded && created !== 'conflict') await this.api.deleteKey(keyId);
    if (!current?.key_id) throw new Error(`The usage key of ${item.caller_id} was removed while made`);
    return current;
  }

  /**
   * Puts the key in the plan of `tier`, out of the plan it was in. A key may be in one plan per
   * stage, so the old plan comes first; a conflict means the key is in the plan already (a
   * raced move) or in a plan the item did not record, which it is then taken out of.
   */
  private async place(item: UsageKeyItem, tier: Tier): Promise<UsageKeyItem> {
    const plans = this.planIds();
    const keyId = item.key_id ?? '';
    const previous = item.plan_tier && item.plan_tier in tiers ? plans[item.plan_tier as Tier] : undefined;
    if (previous && previous !== plans[tier]) await this.api.removeFromPlan(previous, keyId);
    if ((await this.api.addToPlan(plans[tier], keyId)) === 'conflict') {
      if (!(await this.api.inPlan(plans[tier], keyId))) {
        for (const other of Object.keys(plans) as Tier[])
          if (other !== tier) await this.api.removeFromPlan(plans[other], keyId);
        if ((await this.api.addToPlan(plans[tier], keyId)) === 'conflict')
          throw new Error(`The usage key of ${item.caller_id} is held by a plan outside the tiers`);
      }
    }
    await this.store.recordTier(item.caller_id, tier);
    return { ...item, plan_tier: tier };
  }
}

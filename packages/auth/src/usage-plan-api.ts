import {
  type APIGatewayClient,
  ConflictException,
  CreateApiKeyCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  DeleteUsagePlanKeyCommand,
  GetApiKeysCommand,
  GetUsagePlanKeyCommand,
  NotFoundException,
} from '@aws-sdk/client-api-gateway';
import { apiGatewayClient } from '@pynomaly/core';

/** An API Gateway key to create: enabled, with a value we chose. */
export interface NewUsagePlanKey {
  name: string;
  value: string;
  description: string;
}

/**
 * The API Gateway management calls per-caller usage-plan keys need (the port of
 * usage-keys.ts). Each answers the outcomes the caller decides on as values: a conflict is no
 * error when two requests race to the same key or plan, and a key or plan key that is already
 * gone is what a delete wanted.
 */
export interface UsagePlanApi {
  /** CreateApiKey, enabled; `conflict` when API Gateway already holds a key of that value. */
  createKey(key: NewUsagePlanKey): Promise<{ id: string } | 'conflict'>;
  /** The id of the key of this name and value, if there is one (GetApiKeys by name, with values). */
  findKey(name: string, value: string): Promise<string | undefined>;
  /** DeleteApiKey; it also leaves every usage plan. A key already gone is fine. */
  deleteKey(keyId: string): Promise<void>;
  /** CreateUsagePlanKey; `conflict` when the key is in this plan, or another plan of the same stage, already. */
  addToPlan(planId: string, keyId: string): Promise<'added' | 'conflict'>;
  /** GetUsagePlanKey: whether the key is in the plan. */
  inPlan(planId: string, keyId: string): Promise<boolean>;
  /** DeleteUsagePlanKey. A key not in the plan is fine. */
  removeFromPlan(planId: string, keyId: string): Promise<void>;
}

/** {@link UsagePlanApi} on API Gateway (the local stack points it at its stand-in). */
export class ApiGatewayUsagePlans implements UsagePlanApi {
  constructor(private readonly client: () => APIGatewayClient = apiGatewayClient) {}

  async createKey(key: NewUsagePlanKey): Promise<{ id: string } | 'conflict'> {
    try {
      const out = await this.client().send(new CreateApiKeyCommand({ ...key, enabled: true }));
      if (!out.id) throw new Error('CreateApiKey answered no id');
      return { id: out.id };
    } catch (error) {
      if (error instanceof ConflictException) return 'conflict';
      throw error;
    }
  }

  async findKey(name: string, value: string): Promise<string | undefined> {
    let position: string | undefined;
    do {
      const out = await this.client().send(
        new GetApiKeysCommand({ nameQuery: name, includeValues: true, limit: 500, position }),
      );
      const found = (out.items ?? []).find((k) => k.name === name && k.value === value);
      if (found?.id) return found.id;
      position = out.position;
    } while (position);
    return undefined;
  }

  async deleteKey(keyId: string): Promise<void> {
    await this.ignoringNotFound(() => this.client().send(new DeleteApiKeyCommand({ apiKey: keyId })));
  }

  async addToPlan(planId: string, keyId: string): Promise<'added' | 'conflict'> {
    try {
      await this.client().send(
        new CreateUsagePlanKeyCommand({ usagePlanId: planId, keyId, keyType: 'API_KEY' }),
      );
      return 'added';
    } catch (error) {
      if (error instanceof ConflictException) return 'conflict';
      throw error;
    }
  }

  async inPlan(planId: string, keyId: string): Promise<boolean> {
    try {
      await this.client().send(new GetUsagePlanKeyCommand({ usagePlanId: planId, keyId }));
      return true;
    } catch (error) {
      if (error instanceof NotFoundException) return false;
      throw error;
    }
  }

  async removeFromPlan(planId: string, keyId: string): Promise<void> {
    await this.ignoringNotFound(() =>
      this.client().send(new DeleteUsagePlanKeyCommand({ usagePlanId: planId, keyId })),
    );
  }

  private async ignoringNotFound(call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (error) {
      if (!(error instanceof NotFoundException)) throw error;
    }
  }
}

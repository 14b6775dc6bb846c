import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  APIGatewayClient,
  GetApiKeyCommand,
  GetApiKeysCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
  UpdateUsagePlanCommand,
} from '@aws-sdk/client-api-gateway';
import { ApiGatewayUsagePlans } from '@pynomaly/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiGatewayStandIn } from './api-gateway-server';
import { LOCAL_CREDENTIALS, localSettings } from './settings';
import { LocalUsagePlans, localUsagePlanId } from './usage-plans';

/**
 * The stand-in as the product's own adapter (packages/auth/src/usage-plan-api.ts) and the SDK
 * see it: API Gateway's REST-JSON paths, answers and error types, on a loopback port.
 */
const plans = new LocalUsagePlans();
let server: Server;
let client: APIGatewayClient;
let api: ApiGatewayUsagePlans;
const USER = localUsagePlanId('user');
const ADMIN = localUsagePlanId('admin');

beforeAll(async () => {
  const settings = localSettings({});
  server = await startApiGatewayStandIn({ ...settings, ports: { ...settings.ports, apiGateway: 0 } }, plans);
  const { port } = server.address() as AddressInfo;
  client = new APIGatewayClient({
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    endpoint: `http://127.0.0.1:${port}`,
  });
  api = new ApiGatewayUsagePlans(() => client);
});
afterAll(async () => {
  client.destroy();
  await new Promise((r) => server.close(r));
});

describe('the API Gateway stand-in', () => {
  it('creates an enabled key, and answers conflict for a value it holds', async () => {
    const created = await api.createKey({ name: 'pynomaly-alice', value: 'a'.repeat(40), description: 'd' });
    expect(created).toEqual({ id: expect.any(String) });
    const id = (created as { id: string }).id;
    const key = await client.send(new GetApiKeyCommand({ apiKey: id, includeValue: true }));
    expect(key).toMatchObject({ id, name: 'pynomaly-alice', value: 'a'.repeat(40), enabled: true });
    expect(key.createdDate).toBeInstanceOf(Date);
    expect(await api.createKey({ name: 'pynomaly-other', value: 'a'.repeat(40), description: 'd' })).toBe(
      'conflict',
    );
  });

  it('finds a key by name and value, page by page', async () => {
    for (let i = 0; i < 30; i++)
      await api.createKey({ name: `pynomaly-bulk-${i}`, value: `${i}`.padStart(40, 'b'), description: '' });
    const id = await api.findKey('pynomaly-bulk-29', '29'.padStart(40, 'b'));
    expect(id).toBe(plans.listKeys('pynomaly-bulk-29')[0]?.id);
    expect(await api.findKey('pynomaly-bulk-29', 'wrong'.padStart(40, 'x'))).toBeUndefined();
    const first = await client.send(new GetApiKeysCommand({ nameQuery: 'pynomaly-bulk-', limit: 25 }));
    expect(first.items).toHaveLength(25);
    expect(first.items?.[0]?.value).toBeUndefined();
    const rest = await client.send(
      new GetApiKeysCommand({ nameQuery: 'pynomaly-bulk-', limit: 25, position: first.position }),
    );
    expect(rest.items).toHaveLength(5);
    expect(rest.position).toBeUndefined();
  });

  it('puts a key in one plan, answers conflict for a second one, and tells membership', async () => {
    const created = await api.createKey({ name: 'pynomaly-bob', value: 'c'.repeat(40), description: '' });
    const id = (created as { id: string }).id;
    expect(await api.addToPlan(USER, id)).toBe('added');
    expect(await api.addToPlan(USER, id)).toBe('conflict');
    expect(await api.addToPlan(ADMIN, id)).toBe('conflict');
    expect(await api.inPlan(USER, id)).toBe(true);
    expect(await api.inPlan(ADMIN, id)).toBe(false);
    const listed = await client.send(new GetUsagePlanKeysCommand({ usagePlanId: USER }));
    expect(listed.items).toContainEqual({ id, type: 'API_KEY', name: 'pynomaly-bob', value: 'c'.repeat(40) });

    await api.removeFromPlan(USER, id);
    await api.removeFromPlan(USER, id);
    expect(await api.addToPlan(ADMIN, id)).toBe('added');
    await api.deleteKey(id);
    await api.deleteKey(id);
    expect(await api.inPlan(ADMIN, id)).toBe(false);
    expect(plans.listKeys('pynomaly-bob')).toEqual([]);
  });

  it('describes the plans with the limits it enforces', async () => {
    const out = await client.send(new GetUsagePlansCommand({}));
    expect(out.items?.map((p) => [p.name, p.throttle, p.quota])).toEqual(
      plans.plans.map((p) => [
        p.name,
        { rateLimit: p.limits.rateLimit, burstLimit: p.limits.burstLimit },
        { limit: p.limits.dailyQuota, offset: 0, period: 'DAY' },
      ]),
    );
  });

  it("changes a plan's throttle and quota figures (UpdateUsagePlan), which metering then applies", async () => {
    const before = plans.getPlan(USER).limits;
    try {
      const out = await client.send(
        new UpdateUsagePlanCommand({
          usagePlanId: USER,
          patchOperations: [
            { op: 'replace', path: '/throttle/burstLimit', value: '1' },
            { op: 'replace', path: '/quota/limit', value: '7' },
          ],
        }),
      );
      expect(out.throttle).toEqual({ rateLimit: before.rateLimit, burstLimit: 1 });
      expect(out.quota).toMatchObject({ limit: 7, period: 'DAY' });
      const key = plans.createKey({ name: 'pynomaly-patched', value: 'p'.repeat(40), enabled: true });
      plans.addPlanKey(USER, key.id);
      expect(plans.meter('p'.repeat(40))).toBeUndefined();
      expect(plans.meter('p'.repeat(40))?.detail).toBe('Too Many Requests');
    } finally {
      plans.updatePlan(USER, [
        { op: 'replace', path: '/throttle/burstLimit', value: String(before.burstLimit) },
        { op: 'replace', path: '/quota/limit', value: String(before.dailyQuota) },
      ]);
    }
  });
});

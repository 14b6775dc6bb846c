import { AuthenticationError, FAILED_AUTH_PER_ADDRESS, type Principal, RateLimitError } from '@pynomaly/core';
import type { DetectorDeps } from '@pynomaly/platform';
import { describe, expect, it } from 'vitest';
import type { ConnectionRepository, LiveConnection } from './connections';
import type { WebSocketEvent } from './events';
import { acceptConnection, handleMessage, type LiveDeps } from './live';
import { WARMUP_SAMPLES } from './warmup';

const principal: Principal = {
  tenantId: 't1',
  userId: 'u1',
  username: 'ana',
  role: 'analyst',
  scopes: ['detection:read', 'detection:write'],
  tier: 'user',
  via: 'jwt',
};

/** The repository's contract, in memory. */
function memoryConnections() {
  const items = new Map<string, LiveConnection>();
  const repo = {
    items,
    async put(c: LiveConnection) {
      items.set(c.connection_id, structuredClone(c));
    },
    async get(id: string) {
      return items.get(id) ?? null;
    },
    async delete(id: string) {
      items.delete(id);
    },
    async countOpen(tenant: string) {
      return [...items.values()].filter((c) => c.tenant_id === tenant).length;
    },
    async addToWindow(id: string, sample: number[], size: number) {
      const c = items.get(id);
      if (!c || (c.window?.length ?? 0) >= size) return null;
      c.window = [...(c.window ?? []), sample];
      return c.window;
    },
  };
  return repo;
}

function setup(limits = { connectionsPerTenant: 2, messagesPerMinute: 1000 }) {
  const connections = memoryConnections();
  let consumed = 0;
  const deps: LiveDeps = {
    connections: connections as unknown as ConnectionRepository,
    limiter: {
      async consume(_key, limit) {
        consumed++;
        if (consumed > limit) throw new RateLimitError('slow down', 60);
        return { limit, remaining: limit - consumed, reset: 0 };
      },
    },
    detectors: {} as DetectorDeps,
    limits,
    now: () => new Date('2026-01-01T00:00:00Z'),
  };
  return { deps, connections };
}

const connectEvent = (connectionId: string, query: Record<string, string> = {}): WebSocketEvent => ({
  requestContext: { routeKey: '$connect', eventType: 'CONNECT', connectionId, domainName: 'x', stage: 'v1' },
  headers: {},
  queryStringParameters: query,
});

const authenticateToken = async (c: { authorization?: string }) => {
  if (c.authorization !== 'Bearer good') throw new AuthenticationError('Not authenticated');
  return { principal };
};

const detect = (sample: number[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'detect', id: 'm', data: { sample, ...extra } });

/** Refusal counts per key, as RateLimiter keeps them. */
function memoryRefusals() {
  const counts = new Map<string, number>();
  const state = (limit: number, count: number) => ({
    limit,
    remaining: Math.max(0, limit - count),
    reset: 0,
  });
  return {
    counts,
    async check(key: string, limit: number) {
      const count = counts.get(key) ?? 0;
      if (count >= limit) throw new RateLimitError('too many refusals', 60);
      return state(limit, count);
    },
    async consume(key: string, limit: number) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return state(limit, counts.get(key) ?? 0);
    },
  };
}

describe('acceptConnection', () => {
  it('records an authenticated caller and refuses others with their status', async () => {
    // Prepare
    const { deps, connections } = setup();
    const withAuth = { ...deps, authenticate: authenticateToken, refusals: memoryRefusals() };
    // Act
    const ok = await acceptConnection(connectEvent('c1', { token: 'good' }), withAuth);
    const refused = await acceptConnection(connectEvent('c2'), withAuth);
    const viewer = await acceptConnection(connectEvent('c3'), {
      ...withAuth,
      authenticate: async () => ({ principal: { ...principal, scopes: ['datasets:read'] } }),
    });
    // Assess
    expect(ok.statusCode).toBe(200);
    expect(refused.statusCode).toBe(401);
    expect(viewer.statusCode).toBe(403);
    expect([...connections.items.keys()]).toEqual(['c1']);
    expect(connections.items.get('c1')).toMatchObject({ tenant_id: 't1', user_id: 'u1' });
    expect(connections.items.get('c1')?.expires_at).toBeGreaterThan(Date.parse('2026-01-01') / 1000);
  });

  it('counts refused credentials per address and answers 429 past the budget, before checking any', async () => {
    // Prepare
    const { deps } = setup();
    const refusals = memoryRefusals();
    let checked = 0;
    const withAuth = {
      ...deps,
      refusals,
      authenticate: async (c: { authorization?: string }) => {
        checked++;
        return authenticateToken(c);
      },
    };
    const from = (ip: string, query: Record<string, string>) => {
      const event = connectEvent('c', query);
      return { ...event, requestContext: { ...event.requestContext, identity: { sourceIp: ip } } };
    };
    // Act
    for (let i = 0; i < FAILED_AUTH_PER_ADDRESS; i++) await acceptConnection(from('10.0.0.1', {}), withAuth);
    const throttled = await acceptConnection(from('10.0.0.1', { token: 'good' }), withAuth);
    const elsewhere = await acceptConnection(from('10.0.0.2', { token: 'good' }), withAuth);
    // Assess
    expect(refusals.counts.get('authfail:10.0.0.1')).toBe(FAILED_AUTH_PER_ADDRESS);
    expect(throttled.statusCode).toBe(429);
    expect(checked).toBe(FAILED_AUTH_PER_ADDRESS + 1);
    expect(elsewhere.statusCode).toBe(200);
  });

  it('refuses a tenant past its connection limit with 429', async () => {
    const { deps } = setup();
    const withAuth = { ...deps, authenticate: authenticateToken, refusals: memoryRefusals() };
    for (const id of ['a', 'b']) await acceptConnection(connectEvent(id, { token: 'good' }), withAuth);
    expect((await acceptConnection(connectEvent('c', { token: 'good' }), withAuth)).statusCode).toBe(429);
  });
});

describe('handleMessage', () => {
  async function connected(limits?: Parameters<typeof setup>[0]) {
    const s = setup(limits);
    await s.connections.put({
      connection_id: 'c1',
      tenant_id: 't1',
      user_id: 'u1',
      principal,
      connected_at: '2026-01-01T00:00:00Z',
      expires_at: 9e9,
    });
    return s;
  }

  it('warms up on the first samples, then flags outliers and passes normal samples', async () => {
    // Prepare
    const { deps } = await connected();
    const replies = [];
    // Act
    for (let i = 0; i < WARMUP_SAMPLES; i++)
      replies.push(await handleMessage('c1', detect([10 + (i % 5) * 0.1, 20 - (i % 3) * 0.1]), deps));
    const normal = await handleMessage('c1', detect([10.2, 19.9]), deps);
    const outlier = await handleMessage('c1', detect([60, -40]), deps);
    // Assess
    expect(replies.at(0)).toMatchObject({ type: 'anomaly_result', data: { ready: false, samples_seen: 1 } });
    expect(replies.at(-1)).toMatchObject({ data: { ready: false, samples_seen: WARMUP_SAMPLES } });
    expect(normal).toMatchObject({
      type: 'anomaly_result',
      id: 'm',
      data: { ready: true, is_anomaly: false },
    });
    expect(outlier).toMatchObject({ data: { ready: true, is_anomaly: true, mode: 'warmup' } });
  });

  it('accepts the seed spelling of isolation forest (scored, though 30 samples are few for a forest)', async () => {
    const { deps } = await connected();
    for (let i = 0; i < WARMUP_SAMPLES; i++)
      await handleMessage('c1', detect([i % 7, (i * 3) % 5], { algorithm: 'isolation_forest' }), deps);
    const outlier = await handleMessage('c1', detect([500, 500], { algorithm: 'isolation_forest' }), deps);
    expect(outlier).toMatchObject({ data: { algorithm: 'isolation-forest', ready: true, threshold: 0.5 } });
  });

  it('lets a reader listen but not score: a detect message needs the write scope', async () => {
    // Prepare
    const { deps, connections } = await connected();
    const reader = connections.items.get('c1');
    if (reader) reader.principal = { ...principal, scopes: ['detection:read'] };
    // Act
    const answer = await handleMessage('c1', detect([1, 2]), deps);
    // Assess
    expect(answer).toMatchObject({ type: 'error', id: 'm', error: { code: 'AUTHORIZATION_ERROR' } });
    expect(connections.items.get('c1')?.window).toBeUndefined();
  });

  it('answers bad messages with an error and changes nothing', async () => {
    // Prepare
    const { deps, connections } = await connected();
    await handleMessage('c1', detect([1, 2]), deps);
    // Act
    const answers = await Promise.all(
      [
        'not json',
        JSON.stringify({ type: 'subscribe' }),
        JSON.stringify({ type: 'detect', data: { sample: ['a'] } }),
        detect([1, 2, 3]),
        detect([1, 2], { algorithm: 'nope' }),
        JSON.stringify({ type: 'detect', data: { sample: Array(40_000).fill(1) } }),
      ].map((body) => handleMessage('c1', body, deps)),
    );
    // Assess
    for (const answer of answers)
      expect(answer).toMatchObject({ type: 'error', error: { code: 'VALIDATION_ERROR' } });
    expect(connections.items.get('c1')?.window).toEqual([[1, 2]]);
  });

  it('answers past the message rate with RATE_LIMIT_EXCEEDED', async () => {
    const { deps } = await connected({ connectionsPerTenant: 2, messagesPerMinute: 2 });
    await handleMessage('c1', detect([1]), deps);
    await handleMessage('c1', detect([1]), deps);
    expect(await handleMessage('c1', detect([1]), deps)).toMatchObject({
      type: 'error',
      error: { code: 'RATE_LIMIT_EXCEEDED' },
    });
  });

  it('answers nothing on an unknown connection', async () => {
    const { deps } = setup();
    expect(await handleMessage('gone', detect([1]), deps)).toBeNull();
  });
});

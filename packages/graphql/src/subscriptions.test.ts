import { NotFoundError, type Principal } from '@pynomaly/core';
import type { LiveConnection, SubscriptionRecord } from '@pynomaly/live';
import type { DetectorRecord } from '@pynomaly/store';
import { describe, expect, it } from 'vitest';
import { publishDetection, publishTraining } from './publish';
import { answerGraphqlWs, type SubscriptionDeps } from './subscriptions';

const principal: Principal = {
  tenantId: 't1',
  userId: 'u1',
  username: 'ana',
  role: 'analyst',
  scopes: ['detection:read'],
  tier: 'user',
  via: 'jwt',
};

/** The repositories' contracts in memory, one connection `c1` of tenant t1. */
function setup(scopes = principal.scopes) {
  const connection: LiveConnection = {
    connection_id: 'c1',
    tenant_id: 't1',
    user_id: 'u1',
    principal: { ...principal, scopes },
    connected_at: '2026-12-03T00:00:00Z',
    expires_at: 9e9,
  };
  const stored = new Map<string, SubscriptionRecord>();
  const deps: SubscriptionDeps = {
    connections: {
      get: async (id) => (id === 'c1' ? connection : null),
      markInitialised: async () => {
        connection.graphql_initialised = true;
        return true;
      },
    },
    subscriptions: {
      add: async (record) => {
        const key = `${record.connection_id}/${record.id}`;
        if (stored.has(key)) return false;
        stored.set(key, record);
        return true;
      },
      remove: async (connectionId, id) => void stored.delete(`${connectionId}/${id}`),
      ofConnection: async (connectionId) =>
        [...stored.values()].filter((s) => s.connection_id === connectionId),
    },
    limiter: { consume: async (_key, limit) => ({ limit, remaining: limit, reset: 0 }) },
    limits: { messagesPerMinute: 100, subscriptionsPerConnection: 2 },
    datasets: {
      get: async (tenant, id) => {
        if (tenant !== 't1' || id !== 'd1') throw new NotFoundError('Dataset not found');
        return {};
      },
    },
    detectors: {
      get: async (tenant, id) => {
        if (tenant !== 't1' || id !== 'm1') throw new NotFoundError('Detector not found');
        return {};
      },
    },
    now: () => new Date('2026-12-03T00:00:00Z'),
  };
  const send = (message: unknown) => answerGraphqlWs('c1', JSON.stringify(message), deps);
  return { deps, stored, send, connection };
}

const ANOMALIES = 'subscription A($id: ID!) { anomalyDetected(datasetId: $id) { id score timestamp } }';
const subscribe = (id: string, query = ANOMALIES, variables: Record<string, unknown> = { id: 'd1' }) => ({
  type: 'subscribe',
  id,
  payload: { query, variables },
});

describe('answerGraphqlWs', () => {
  it('acknowledges the init, answers pings, stores a subscription and forgets it on complete', async () => {
    // Prepare
    const { send, stored } = setup();
    // Act
    const ack = await send({ type: 'connection_init', payload: {} });
    const pong = await send({ type: 'ping' });
    const subscribed = await send(subscribe('s1'));
    const kept = [...stored.values()];
    await send({ type: 'complete', id: 's1' });
    // Assess
    expect(ack).toEqual({ replies: [{ type: 'connection_ack' }] });
    expect(pong).toEqual({ replies: [{ type: 'pong' }] });
    expect(subscribed).toEqual({ replies: [] });
    expect(kept).toEqual([
      expect.objectContaining({ id: 's1', tenant_id: 't1', topic: 'dataset:d1', variables: { id: 'd1' } }),
    ]);
    expect(stored.size).toBe(0);
  });

  it('closes a connection that breaks the protocol, as graphql-transport-ws says', async () => {
    const { send } = setup();
    expect((await send(subscribe('s1'))).close).toBe('Unauthorized');
    expect((await answerGraphqlWs('c1', 'not json', setup().deps)).close).toBe('Invalid message received');
    await send({ type: 'connection_init' });
    expect((await send({ type: 'connection_init' })).close).toBe('Too many initialisation requests');
    await send(subscribe('s1'));
    expect((await send(subscribe('s1'))).close).toBe('Subscriber for s1 already exists');
  });

  it("refuses another tenant's dataset, a missing scope, a query, too deep a document and too many subscriptions", async () => {
    // Prepare
    const { send } = setup();
    await send({ type: 'connection_init' });
    const code = async (message: unknown) => {
      const answer = await send(message);
      const reply = answer.replies[0];
      return reply?.type === 'error' ? reply.payload[0]?.extensions?.code : reply?.type;
    };
    const training = 'subscription { modelTrainingProgress(modelId: "m1") { metrics { nTrain } } }';
    // Act
    const elsewhere = await code(subscribe('s1', ANOMALIES, { id: 'd-of-t2' }));
    const query = await code(subscribe('s2', '{ datasets { id } }'));
    const unknownField = await code(subscribe('s3', 'subscription { nothing }'));
    const ok = await send(subscribe('s4', training));
    const second = await send(subscribe('s5'));
    const third = await code(subscribe('s6'));
    const reader = setup(['datasets:read']);
    await reader.send({ type: 'connection_init' });
    const noScope = (await reader.send(subscribe('s1'))).replies[0];
    // Assess
    expect(elsewhere).toBe('NOT_FOUND');
    expect(query).toBe('BAD_USER_INPUT');
    expect(unknownField).toBe('BAD_USER_INPUT');
    expect(ok.replies).toEqual([]);
    expect(second.replies).toEqual([]);
    expect(third).toBe('RATE_LIMITED');
    expect(noScope).toMatchObject({
      type: 'error',
      id: 's1',
      payload: [{ extensions: { code: 'FORBIDDEN' } }],
    });
  });

  it('refuses a document deeper than queries may be', async () => {
    const { send } = setup();
    await send({ type: 'connection_init' });
    const tooDeep = `subscription { modelTrainingProgress(modelId: "m1") { ${'metrics {'.repeat(9)} nTrain ${'}'.repeat(9)} } }`;
    const answer = await send(subscribe('s1', tooDeep));
    expect(answer.replies[0]).toMatchObject({
      type: 'error',
      payload: [{ extensions: { code: 'BAD_USER_INPUT' } }],
    });
    expect(JSON.stringify(answer.replies[0])).toMatch(/depth limit of 8/i);
  });
});

describe('publishing to subscribers', () => {
  function fanOut(subscriptions: SubscriptionRecord[]) {
    const sent: Array<[string, unknown]> = [];
    const forgotten: string[] = [];
    return {
      sent,
      forgotten,
      deps: {
        subscriptions: {
          listening: async (tenant: string, topic: string) =>
            subscriptions.filter((s) => s.tenant_id === tenant && s.topic === topic),
          removeAll: async (id: string) => void forgotten.push(id),
        },
        connections: { delete: async () => undefined },
        poster: {
          send: async (id: string, message: object) => {
            if (id === 'gone') return false;
            sent.push([id, message]);
            return true;
          },
        },
        anomalies: async () => [
          { id: 'a_7', score: 0.9, index: 7, features: { x: 40 } },
          { id: 'a_2', score: 0.7, index: 2, features: { x: 30 } },
        ],
        detector: async () =>
          ({
            id: 'm1',
            algorithm: 'isolation_forest',
            status: 'trained',
            metrics: { n_train: 80, n_validation: 20, anomaly_rate: 0.05 },
          }) as unknown as DetectorRecord,
      },
    };
  }
  const record = (connection: string, tenant: string, topic: SubscriptionRecord['topic'], query: string) => ({
    connection_id: connection,
    id: `sub-${connection}`,
    tenant_id: tenant,
    topic,
    query,
    variables: { id: 'd1' },
    operation_name: null,
    created_at: '2026-12-03T00:00:00Z',
    expires_at: 9e9,
  });

  it("sends each anomaly of a run, with the subscriber's selection, to its tenant's subscribers only", async () => {
    // Prepare
    const { deps, sent, forgotten } = fanOut([
      record('c1', 't1', 'dataset:d1', ANOMALIES),
      record('c2', 't2', 'dataset:d1', ANOMALIES),
      record('gone', 't1', 'dataset:d1', ANOMALIES),
    ]);
    const detail = {
      version: 1 as const,
      tenant_id: 't1',
      result_id: 'det_1',
      detector_id: null,
      dataset_id: 'd1',
      n_samples: 100,
      n_anomalies: 2,
      completed_at: '2026-12-03T10:00:00.000Z',
    };
    // Act
    const outcome = await publishDetection(detail, deps);
    // Assess
    expect(sent).toEqual([
      [
        'c1',
        {
          type: 'next',
          id: 'sub-c1',
          payload: { data: { anomalyDetected: { id: 'a_7', score: 0.9, timestamp: detail.completed_at } } },
        },
      ],
      [
        'c1',
        {
          type: 'next',
          id: 'sub-c1',
          payload: { data: { anomalyDetected: { id: 'a_2', score: 0.7, timestamp: detail.completed_at } } },
        },
      ],
    ]);
    expect(outcome).toEqual({ sent: 2, gone: 1 });
    expect(forgotten).toEqual(['gone']);
  });

  it('sends an anomaly too large for a WebSocket message as an error, and the others as they are', async () => {
    // Prepare
    const query = 'subscription ($id: ID!) { anomalyDetected(datasetId: $id) { id features } }';
    const { deps, sent } = fanOut([record('c1', 't1', 'dataset:d1', query)]);
    const huge = { id: 'a_1', score: 0.9, index: 1, features: { note: 'x'.repeat(200_000) } };
    const small = { id: 'a_2', score: 0.8, index: 2, features: { note: 'y' } };
    const detail = {
      version: 1 as const,
      tenant_id: 't1',
      result_id: 'det_1',
      detector_id: null,
      dataset_id: 'd1',
      n_samples: 10,
      n_anomalies: 2,
      completed_at: '2026-12-03T10:00:00.000Z',
    };
    // Act
    await publishDetection(detail, { ...deps, anomalies: async () => [huge, small] });
    // Assess
    expect(sent.map(([, message]) => (message as { payload: unknown }).payload)).toEqual([
      { errors: [expect.objectContaining({ extensions: { code: 'PAYLOAD_TOO_LARGE' } })] },
      { data: { anomalyDetected: { id: 'a_2', features: { note: 'y' } } } },
    ]);
  });

  it('tells a model’s subscribers it is trained, with its metrics', async () => {
    const query =
      'subscription { modelTrainingProgress(modelId: "m1") { modelId status progress metrics { nTrain } } }';
    const { deps, sent } = fanOut([record('c1', 't1', 'model:m1', query)]);
    await publishTraining(
      {
        version: 1,
        tenant_id: 't1',
        detector_id: 'm1',
        model_id: 'm1',
        dataset_id: 'd1',
        algorithm: 'isolation_forest',
        completed_at: '2026-12-03T10:00:00.000Z',
      },
      deps,
    );
    expect(sent).toEqual([
      [
        'c1',
        {
          type: 'next',
          id: 'sub-c1',
          payload: {
            data: {
              modelTrainingProgress: {
                modelId: 'm1',
                status: 'trained',
                progress: 1,
                metrics: { nTrain: 80 },
              },
            },
          },
        },
      ],
    ]);
  });
});

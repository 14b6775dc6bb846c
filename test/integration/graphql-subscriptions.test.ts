/**
 * GraphQL subscriptions (issue #14 item 2, seed 002's `anomalyDetected`, `modelTrainingProgress`)
 * over the live WebSocket API in the graphql-transport-ws protocol, against the local stack:
 * the handshake names the subprotocol, a detection's anomalies and a training reach their
 * tenant's subscribers through the product bus, and no one else's.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WebSocket } from 'ws';
import { createUser } from '../support/aws';
import { authed, login } from '../support/client';

type Json = Record<string, unknown>;
const RUN = Date.now().toString(36);
const PASSWORD = 'Subscriptions-Password-1';

/** A socket speaking graphql-transport-ws, initialised (acknowledged), keeping every message it receives. */
async function openGraphqlSocket(token: string) {
  const url = `${inject('local').live_url}?token=${encodeURIComponent(token)}`;
  const socket = await new Promise<WebSocket>((resolve, reject) => {
    const s = new WebSocket(url, 'graphql-transport-ws');
    s.once('open', () => resolve(s));
    s.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    s.once('error', reject);
  });
  const received: Json[] = [];
  socket.on('message', (data) => received.push(JSON.parse(String(data)) as Json));
  const send = (message: Json) => socket.send(JSON.stringify(message));
  /** Waits until `count` messages match, and answers them. */
  const waitFor = async (match: (m: Json) => boolean, count = 1, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = received.filter(match);
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`waited for ${count}; have ${JSON.stringify(received)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  send({ type: 'connection_init', payload: {} });
  await waitFor((m) => m.type === 'connection_ack');
  /** Waits for a pong: the messages before it have been handled (a connection's run in order). */
  const settled = async () => {
    send({ type: 'ping' });
    await waitFor((m) => m.type === 'pong');
  };
  return { socket, received, send, waitFor, settled };
}

const ANOMALIES = `subscription Anomalies($datasetId: ID!) {
  anomalyDetected(datasetId: $datasetId) { id score index timestamp detectionId }
}`;
const TRAINING = `subscription Training($modelId: ID!) {
  modelTrainingProgress(modelId: $modelId) { modelId status progress metrics { nTrain } }
}`;
const rows = [
  ...Array.from({ length: 120 }, (_, i) => [20 + (i % 5), 1 + (i % 3) / 10]),
  [95, 7.5],
  [-60, 9],
];

describe('GraphQL subscriptions over the live WebSocket API', () => {
  let owner: ReturnType<typeof authed>;
  let ownerToken = '';
  let otherToken = '';
  let datasetId = '';
  let detectorId = '';
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    const [ownerName, otherName] = [`subs-owner-${RUN}`, `subs-other-${RUN}`];
    await Promise.all([
      createUser(ownerName, PASSWORD, 'analyst'),
      createUser(otherName, PASSWORD, 'analyst'),
    ]);
    [ownerToken, otherToken] = await Promise.all([login(ownerName, PASSWORD), login(otherName, PASSWORD)]);
    owner = authed(ownerToken);
    const json = { 'Content-Type': 'application/json' };
    const dataset = await owner('/api/v1/datasets', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'readings', data: rows, features: ['temperature', 'pressure'] }),
    });
    datasetId = String(((await dataset.json()) as Json).id);
    const detector = await owner('/api/v1/detectors', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'readings forest', algorithm: 'isolation_forest' }),
    });
    detectorId = String(((await detector.json()) as Json).id);
  });

  afterAll(() => {
    for (const socket of sockets) socket.close();
  });

  async function connect(token: string) {
    const client = await openGraphqlSocket(token);
    sockets.push(client.socket);
    return client;
  }

  const detect = () =>
    owner('/api/v1/detection/detect', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ dataset_id: datasetId, algorithm: 'zscore' }),
    });

  it("sends a detection's anomalies and a training's end to the subscriber, with its selection", async () => {
    // Prepare
    const client = await connect(ownerToken);
    expect(client.socket.protocol).toBe('graphql-transport-ws');
    client.send({ type: 'subscribe', id: 'a', payload: { query: ANOMALIES, variables: { datasetId } } });
    client.send({
      type: 'subscribe',
      id: 't',
      payload: { query: TRAINING, variables: { modelId: detectorId } },
    });
    await client.settled();

    // Act
    const detected = await detect();
    const run = (await detected.json()) as { detection_id: string; completed_at: string; anomalies: Json[] };
    const trained = await owner(`/api/v1/detectors/${detectorId}/train`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ dataset_id: datasetId }),
    });

    // Assess
    expect(detected.status).toBe(200);
    expect(trained.status).toBe(200);
    const anomalies = await client.waitFor((m) => m.type === 'next' && m.id === 'a', run.anomalies.length);
    expect(
      anomalies.map((m) => (m.payload as { data: { anomalyDetected: Json } }).data.anomalyDetected),
    ).toEqual(
      run.anomalies.map((a) => ({
        id: a.id,
        score: a.score,
        index: a.index,
        timestamp: run.completed_at,
        detectionId: run.detection_id,
      })),
    );
    const [training] = await client.waitFor((m) => m.type === 'next' && m.id === 't');
    expect(training?.payload).toEqual({
      data: {
        modelTrainingProgress: {
          modelId: detectorId,
          status: 'trained',
          progress: 1,
          metrics: { nTrain: expect.any(Number) },
        },
      },
    });
  });

  it("refuses another tenant's dataset, and what is not a subscription, on its own operation", async () => {
    const other = await connect(otherToken);
    other.send({ type: 'subscribe', id: 'x', payload: { query: ANOMALIES, variables: { datasetId } } });
    other.send({ type: 'subscribe', id: 'q', payload: { query: '{ datasets { id } }' } });
    const [elsewhere] = await other.waitFor((m) => m.type === 'error' && m.id === 'x');
    const [query] = await other.waitFor((m) => m.type === 'error' && m.id === 'q');
    expect(elsewhere?.payload).toEqual([expect.objectContaining({ extensions: { code: 'NOT_FOUND' } })]);
    expect(query?.payload).toEqual([
      expect.objectContaining({ message: expect.stringContaining('goes to POST /graphql') }),
    ]);
  });

  it('stops sending once the client completes the subscription', async () => {
    // Prepare
    const client = await connect(ownerToken);
    client.send({ type: 'subscribe', id: 'a', payload: { query: ANOMALIES, variables: { datasetId } } });
    client.send({ type: 'complete', id: 'a' });
    await client.settled();
    // Act
    const detected = await detect();
    expect(detected.status).toBe(200);
    await new Promise((r) => setTimeout(r, 2000));
    // Assess
    expect(client.received.filter((m) => m.type === 'next')).toEqual([]);
  });

  it('refuses a handshake without credentials, whatever the subprotocol', async () => {
    const refused = new Promise<number>((resolve) => {
      const s = new WebSocket(inject('local').live_url, 'graphql-transport-ws');
      s.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      s.once('open', () => resolve(101));
    });
    expect(await refused).toBe(401);
  });
});

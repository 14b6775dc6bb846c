import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WebSocket } from 'ws';
import { authed, login } from '../support/client';

type Json = Record<string, unknown> & { data?: Record<string, unknown> };

/** Opens a socket; resolves when open, rejects with the handshake's status when refused. */
function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

/** Sends one message and waits for the next answer. */
function ask(socket: WebSocket, message: unknown): Promise<Json> {
  return new Promise((resolve) => {
    socket.once('message', (data) => resolve(JSON.parse(String(data)) as Json));
    socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

/** Seeded readings around (20, 1). */
function readings(seed: number) {
  let state = seed;
  const noise = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296 - 0.5;
  };
  return () => [Math.round((20 + noise() * 4) * 100) / 100, Math.round((1 + noise() * 0.4) * 100) / 100];
}

describe('live detection over WebSocket (seed 002 /ws/detection/live)', () => {
  const liveUrl = () => inject('local').live_url;
  let token: string;
  const sockets: WebSocket[] = [];
  beforeAll(async () => {
    token = await login();
  });
  afterAll(() => {
    for (const s of sockets) s.close();
  });

  it('refuses a handshake without credentials (401) or with a bad token', async () => {
    await expect(open(liveUrl())).rejects.toThrow('status 401');
    await expect(open(`${liveUrl()}?token=not-a-token`)).rejects.toThrow('status 401');
  });

  it('warms up on normal samples and then flags the planted outliers (token in the query)', async () => {
    // Prepare
    const socket = await open(`${liveUrl()}?token=${encodeURIComponent(token)}`);
    sockets.push(socket);
    const next = readings(11);
    // Act
    const warmup: Json[] = [];
    for (let i = 0; i < 30; i++) warmup.push(await ask(socket, { type: 'detect', data: { sample: next() } }));
    const normal: Json[] = [];
    for (let i = 0; i < 20; i++) normal.push(await ask(socket, { type: 'detect', data: { sample: next() } }));
    const outliers = [
      await ask(socket, { type: 'detect', id: 'o1', data: { sample: [61, -30] } }),
      await ask(socket, { type: 'detect', id: 'o2', data: { sample: [20, 9] } }),
    ];
    // Assess
    expect(warmup.at(0)).toMatchObject({ type: 'anomaly_result', data: { ready: false, samples_seen: 1 } });
    expect(warmup.at(-1)).toMatchObject({ data: { ready: false, samples_seen: 30, samples_needed: 30 } });
    expect(normal.every((r) => r.type === 'anomaly_result' && r.data?.ready === true)).toBe(true);
    expect(normal.filter((r) => r.data?.is_anomaly).length).toBeLessThanOrEqual(1);
    for (const [i, r] of outliers.entries())
      expect(r).toMatchObject({
        type: 'anomaly_result',
        id: `o${i + 1}`,
        data: { is_anomaly: true, mode: 'warmup', algorithm: 'robust-zscore' },
      });
    expect(Number(outliers[0]?.data?.score)).toBeGreaterThan(0.5);
  });

  it('answers bad messages with an error on the same connection (Authorization header)', async () => {
    const socket = await open(liveUrl(), { Authorization: `Bearer ${token}` });
    sockets.push(socket);
    expect(await ask(socket, 'not json')).toMatchObject({
      type: 'error',
      error: { code: 'VALIDATION_ERROR' },
    });
    expect(await ask(socket, { type: 'detect', data: { sample: 'x' } })).toMatchObject({ type: 'error' });
    expect(await ask(socket, { type: 'detect', data: { sample: [1, 2] } })).toMatchObject({
      type: 'anomaly_result',
      data: { samples_seen: 1 },
    });
  });

  it('scores with a trained detector of the tenant, and 404s another id', async () => {
    // Prepare
    const call = authed(token);
    const post = (path: string, body: unknown) =>
      call(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const next = readings(5);
    const data = Array.from({ length: 300 }, (_, i) => (i % 30 === 3 ? [61, -30] : next()));
    const dataset = (await (
      await post('/api/v1/datasets', { name: 'live', data, features: ['temp', 'pressure'] })
    ).json()) as Json;
    const detector = (await (
      await post('/api/detectors', {
        name: 'live-if',
        algorithm: 'IsolationForest',
        parameters: { contamination: 0.05, random_state: 1 },
      })
    ).json()) as Json;
    expect(
      (await post(`/api/detectors/${detector.id}/train`, { dataset_id: dataset.dataset_id })).status,
    ).toBe(200);
    const socket = await open(`${liveUrl()}?token=${encodeURIComponent(token)}`);
    sockets.push(socket);
    // Act
    const outlier = await ask(socket, {
      type: 'detect',
      data: { detector_id: detector.id, sample: [60, -29] },
    });
    const normal = await ask(socket, { type: 'detect', data: { detector_id: detector.id, sample: [20, 1] } });
    const unknown = await ask(socket, { type: 'detect', data: { detector_id: 'nope', sample: [20, 1] } });
    // Assess
    expect(outlier).toMatchObject({
      type: 'anomaly_result',
      data: { mode: 'detector', detector_id: detector.id, is_anomaly: true },
    });
    expect(normal).toMatchObject({ type: 'anomaly_result', data: { is_anomaly: false } });
    expect(unknown).toMatchObject({ type: 'error', error: { code: 'NOT_FOUND' } });
  });
});

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  monitorAnswer,
  streamAnswer,
  streamingStatusAnswer,
  streamSamplesAnswer,
} from '../../functions/http/schemas/streaming';
import { createUser } from '../support/aws';
import { authed, login } from '../support/client';

type Json = Record<string, unknown>;
type Call = ReturnType<typeof authed>;
type Result = { index: number; ready: boolean; is_anomaly: boolean; score: number | null };

const post = (call: Call, path: string, body: unknown) =>
  call(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** Seeded readings around (20, 1), as the live-detection test sends. */
function readings(seed: number) {
  let state = seed;
  const noise = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296 - 0.5;
  };
  return () => [Math.round((20 + noise() * 4) * 100) / 100, Math.round((1 + noise() * 0.4) * 100) / 100];
}

/** Each feature's mean and standard deviation over the samples. */
function moments(samples: number[][], feature: number) {
  const values = samples.map((s) => s[feature] ?? 0);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, sd: Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) };
}

async function startStream(call: Call, body: Json = {}): Promise<Json> {
  const answer = await post(call, '/api/streaming/start', body);
  expect(answer.status).toBe(201);
  return streamAnswer.parse(await answer.json());
}

async function send(call: Call, streamId: unknown, samples: number[][], path = '/api/detection/stream') {
  const answer = await post(call, path, { stream_id: streamId, samples });
  expect(answer.status, await answer.clone().text()).toBe(200);
  return streamSamplesAnswer.parse(await answer.json());
}

/** Opens a live-detection socket with the token. */
function open(token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${inject('local').live_url}?token=${encodeURIComponent(token)}`);
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

/** Sends each sample as a `detect` message, one at a time: the answers' data. */
async function overSocket(socket: WebSocket, samples: number[][], extra: Json = {}): Promise<Json[]> {
  const answers: Json[] = [];
  for (const sample of samples)
    answers.push(
      await new Promise<Json>((resolve) => {
        socket.once('message', (data) => resolve((JSON.parse(String(data)) as { data: Json }).data));
        socket.send(JSON.stringify({ type: 'detect', data: { sample, ...extra } }));
      }),
    );
  return answers;
}

describe('streaming detection over HTTP (seed 001 /api/detection/stream, /api/streaming/*)', () => {
  let owner: Call;
  let other: Call;
  let ownerToken: string;
  const sockets: WebSocket[] = [];
  beforeAll(async () => {
    await createUser('streaming-owner', 'Streaming-owner-1');
    await createUser('streaming-other', 'Streaming-other-1');
    ownerToken = await login('streaming-owner', 'Streaming-owner-1');
    owner = authed(ownerToken);
    other = authed(await login('streaming-other', 'Streaming-other-1'));
  });
  afterAll(() => {
    for (const s of sockets) s.close();
  });

  it('warms up, flags planted 5σ outliers and not normal samples, counts them, and refuses samples once stopped', async () => {
    // Prepare
    const stream = await startStream(owner, { name: 'line 1' });
    const next = readings(21);
    const warmup = Array.from({ length: 30 }, next);
    const [temp, pressure] = [moments(warmup, 0), moments(warmup, 1)];
    const outliers = [
      [temp.mean + 5 * temp.sd, pressure.mean],
      [temp.mean, pressure.mean - 5 * pressure.sd],
      [61, -30],
    ];
    const normal = Array.from({ length: 40 }, next);
    // Act
    const warming = await send(owner, stream.stream_id, warmup);
    const scored = await send(owner, stream.stream_id, [...normal, ...outliers], '/api/v1/detection/stream');
    const status = (await (
      await owner(`/api/streaming/status?stream_id=${stream.stream_id}`)
    ).json()) as Json;
    const stopped = await post(owner, '/api/streaming/stop', { stream_id: stream.stream_id });
    const again = await post(owner, '/api/v1/streaming/stop', { stream_id: stream.stream_id });
    const refused = await post(owner, '/api/detection/stream', {
      stream_id: stream.stream_id,
      samples: [[20, 1]],
    });
    // Assess
    expect(stream).toMatchObject({ name: 'line 1', status: 'active', mode: 'warmup', window_size: 30 });
    expect(warming.results.every((r) => !r.ready && r.score === null)).toBe(true);
    expect(warming.results.at(-1)).toMatchObject({ samples_seen: 30, samples_needed: 30 });
    const results = scored.results as Result[];
    expect(results.every((r) => r.ready)).toBe(true);
    expect(results.slice(0, 40).filter((r) => r.is_anomaly).length).toBeLessThanOrEqual(1);
    expect(results.slice(40).map((r) => r.is_anomaly)).toEqual([true, true, true]);
    const anomalies = results.filter((r) => r.is_anomaly).length;
    expect(scored.stream).toMatchObject({ samples_seen: 73, anomalies, window_filled: 30, width: 2 });
    expect(streamingStatusAnswer.parse(status).streams).toEqual([
      expect.objectContaining({ stream_id: stream.stream_id, samples_seen: 73, anomalies, status: 'active' }),
    ]);
    expect(stopped.status).toBe(200);
    const first = (await stopped.json()) as Json;
    expect(first).toMatchObject({ status: 'stopped', samples_seen: 73 });
    expect(again.status).toBe(200);
    expect(((await again.json()) as Json).stopped_at).toBe(first.stopped_at);
    expect(refused.status).toBe(409);
  });

  it('loses no sample to concurrent calls on one stream: counters and window add up', async () => {
    // Prepare
    const stream = await startStream(owner, { name: 'busy' });
    const next = readings(13);
    const batches = Array.from({ length: 6 }, () => Array.from({ length: 10 }, next));
    // Act
    const answers = await Promise.all(batches.map((batch) => send(owner, stream.stream_id, batch)));
    const status = (await (await owner(`/api/streaming/status?stream_id=${stream.stream_id}`)).json()) as {
      streams: Json[];
    };
    // Assess
    const warming = answers.flatMap((a) => a.results).filter((r) => !r.ready).length;
    expect(warming).toBe(30);
    expect(status.streams[0]).toMatchObject({ samples_seen: 60, window_filled: 30 });
    await post(owner, '/api/streaming/stop', { stream_id: stream.stream_id });
  });

  it("keeps a stream its tenant's: another tenant gets 404 for it and never sees it listed", async () => {
    // Prepare
    const stream = await startStream(owner, { name: 'private' });
    const id = stream.stream_id;
    // Act
    const answers = await Promise.all([
      post(other, '/api/detection/stream', { stream_id: id, samples: [[1, 2]] }),
      post(other, '/api/v1/detection/stream', { stream_id: id, samples: [[1, 2]] }),
      post(other, '/api/streaming/stop', { stream_id: id }),
      other(`/api/streaming/status?stream_id=${id}`),
      other(`/api/v1/streaming/status?stream_id=${id}`),
    ]);
    const listed = (await (await other('/api/streaming/status')).json()) as { streams: Json[] };
    const mine = (await (await owner(`/api/streaming/status?stream_id=${id}`)).json()) as { streams: Json[] };
    // Assess
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404, 404]);
    expect(listed.streams.map((s) => s.stream_id)).not.toContain(id);
    expect(mine.streams).toEqual([
      expect.objectContaining({ stream_id: id, status: 'active', samples_seen: 0 }),
    ]);
  });

  it('refuses bodies past the limits or of mixed widths with 400, and a bad algorithm at start', async () => {
    const stream = await startStream(owner);
    const samples = (n: number) => Array.from({ length: n }, () => [1, 2]);
    const answers = await Promise.all([
      post(owner, '/api/detection/stream', { stream_id: stream.stream_id, samples: samples(1001) }),
      post(owner, '/api/detection/stream', { stream_id: stream.stream_id, samples: [[1, 2], [3]] }),
      post(owner, '/api/detection/stream', { stream_id: stream.stream_id, samples: [['a']] }),
      post(owner, '/api/streaming/start', { algorithm: 'no-such-algorithm' }),
      post(owner, '/api/streaming/start', { window_size: 100_000 }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 400]);
    await post(owner, '/api/streaming/stop', { stream_id: stream.stream_id });
  });

  it('scores as live detection over WebSocket does: the same warm-up window, the same trained detector', async () => {
    // Prepare: a detector trained as the live-detection test trains one.
    const next = readings(5);
    const data = Array.from({ length: 300 }, (_, i) => (i % 30 === 3 ? [61, -30] : next()));
    const dataset = (await (
      await post(owner, '/api/v1/datasets', { name: 'stream', data, features: ['temp', 'pressure'] })
    ).json()) as Json;
    const detector = (await (
      await post(owner, '/api/detectors', {
        name: 'stream-if',
        algorithm: 'IsolationForest',
        parameters: { contamination: 0.05, random_state: 1 },
      })
    ).json()) as Json;
    expect(
      (await post(owner, `/api/detectors/${detector.id}/train`, { dataset_id: dataset.dataset_id })).status,
    ).toBe(200);
    const samples = [...Array.from({ length: 38 }, readings(33)), [61, -30], [20, 9]];
    const socket = await open(ownerToken);
    sockets.push(socket);
    // Act
    const byWindow = await send(owner, (await startStream(owner)).stream_id, samples);
    const byDetector = await send(
      owner,
      (await startStream(owner, { detector_id: detector.id })).stream_id,
      samples,
    );
    const liveWindow = await overSocket(socket, samples);
    const liveDetector = await overSocket(socket, samples, { detector_id: detector.id });
    // Assess
    const pick = (rs: Json[]) => rs.map((r) => [r.ready, r.score, r.is_anomaly, r.threshold]);
    expect(pick(byWindow.results)).toEqual(pick(liveWindow));
    expect(pick(byDetector.results)).toEqual(pick(liveDetector));
    expect(byWindow.results.slice(-2).map((r) => r.is_anomaly)).toEqual([true, true]);
    expect(byDetector.results.at(-2)).toMatchObject({
      mode: 'detector',
      detector_id: detector.id,
      is_anomaly: true,
    });
  });

  it("monitors the tenant live: the minutes' requests, its streams' samples and throughput, open connections", async () => {
    // Prepare
    const stream = await startStream(owner, { name: 'monitored' });
    await send(owner, stream.stream_id, Array.from({ length: 12 }, readings(8)));
    const socket = await open(ownerToken);
    sockets.push(socket);
    // Act
    const answer = await owner('/api/performance/monitor');
    const v1 = await owner('/api/v1/performance/monitor');
    const status = (await (await owner('/api/streaming/status')).json()) as Json;
    // Assess
    expect(answer.status).toBe(200);
    expect(v1.status).toBe(200);
    const monitor = monitorAnswer.parse(await answer.json());
    expect(monitor.minutes).toHaveLength(15);
    expect(monitor.totals.requests).toBeGreaterThan(0);
    // Every sample this file sent went to the owner's tenant in the last minutes.
    expect(monitor.totals.stream_samples).toBeGreaterThanOrEqual(73 + 60 + 80 + 12);
    expect(monitor.streams).toContainEqual(
      expect.objectContaining({ stream_id: stream.stream_id, samples_in_window: 12, samples_seen: 12 }),
    );
    expect(monitor.live.open_connections).toBeGreaterThanOrEqual(1);
    expect(status).toMatchObject({ open_live_connections: monitor.live.open_connections });
  });
});

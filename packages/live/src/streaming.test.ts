import { ConflictError, NotFoundError, type Principal, ValidationError } from '@pynomaly/core';
import type { DetectorDeps } from '@pynomaly/platform';
import type { DetectorRecord } from '@pynomaly/store';
import { describe, expect, it } from 'vitest';
import { monitorSnapshot } from './monitor';
import {
  detectStream,
  MAX_ACTIVE_STREAMS,
  MAX_WINDOW_VALUES,
  type StreamingDeps,
  startStream,
  stopStream,
  streamingStatus,
} from './streaming';
import type { StreamRecord } from './streams';
import { scoreAgainstWindow, WARMUP_SAMPLES } from './warmup';

const principal = (tenantId = 't1'): Principal => ({
  tenantId,
  userId: `u-${tenantId}`,
  username: 'ana',
  role: 'analyst',
  scopes: ['detection:read', 'detection:write'],
  tier: 'user',
  via: 'jwt',
});

/** The repository's contract, in memory; `interleave` runs before a commit, as a concurrent call would. */
function memoryStreams() {
  const items = new Map<string, StreamRecord>();
  const at = (tenantId: string, id: string) => `${tenantId}/${id}`;
  const repo = {
    items,
    interleave: undefined as (() => Promise<unknown>) | undefined,
    async create(r: StreamRecord) {
      items.set(at(r.tenant_id, r.id), structuredClone(r));
    },
    async get(tenantId: string, id: string) {
      const r = items.get(at(tenantId, id));
      if (!r) throw new NotFoundError('Stream not found');
      return structuredClone(r);
    },
    async list(tenantId: string) {
      return [...items.values()].filter((r) => r.tenant_id === tenantId).reverse();
    },
    async commit(next: StreamRecord, readVersion: number) {
      const hook = repo.interleave;
      repo.interleave = undefined;
      await hook?.();
      const current = items.get(at(next.tenant_id, next.id));
      if (!current || current.version !== readVersion || current.status !== 'active') return false;
      items.set(at(next.tenant_id, next.id), structuredClone(next));
      return true;
    },
    async stop(tenantId: string, id: string, when: Date) {
      const r = items.get(at(tenantId, id));
      if (!r) throw new NotFoundError('Stream not found');
      if (r.status === 'active') Object.assign(r, { status: 'stopped', stopped_at: when.toISOString() });
      r.version++;
      return structuredClone(r);
    },
  };
  return repo;
}

function setup(detector?: Partial<DetectorRecord>) {
  const streams = memoryStreams();
  const deps: StreamingDeps = {
    streams,
    detectors: {
      detectors: {
        async get(tenantId: string, id: string) {
          if (!detector || tenantId !== 't1' || id !== 'd1') throw new NotFoundError('Detector not found');
          return { id: 'd1', name: 'det', algorithm: 'zscore', status: 'trained', ...detector };
        },
      },
    } as unknown as DetectorDeps,
    now: () => new Date('2026-12-03T12:00:30Z'),
  };
  return { streams, deps };
}

/** Seeded readings around (20, 1). */
function readings(seed: number) {
  let state = seed;
  const noise = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296 - 0.5;
  };
  return () => [20 + noise() * 4, 1 + noise() * 0.4];
}

describe('startStream', () => {
  it('opens an active warm-up stream with the live defaults, or refuses a bad algorithm', async () => {
    // Prepare
    const { deps } = setup();
    // Act
    const stream = await startStream(principal(), { name: 'line 1' }, deps);
    // Assess
    expect(stream).toMatchObject({
      name: 'line 1',
      status: 'active',
      mode: 'warmup',
      algorithm: 'robust-zscore',
      window_size: WARMUP_SAMPLES,
      samples_seen: 0,
      version: 1,
    });
    await expect(startStream(principal(), { algorithm: 'nope' }, deps)).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it("takes a trained detector of the tenant only: another tenant's is 404, an untrained one 400", async () => {
    const trained = setup({ feature_names: ['a', 'b'] });
    expect(await startStream(principal(), { detector_id: 'd1' }, trained.deps)).toMatchObject({
      mode: 'detector',
      detector_id: 'd1',
      algorithm: 'zscore',
      width: 2,
    });
    await expect(startStream(principal('t2'), { detector_id: 'd1' }, trained.deps)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const untrained = setup({ status: 'created' });
    await expect(startStream(principal(), { detector_id: 'd1' }, untrained.deps)).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it(`refuses a tenant's stream past ${MAX_ACTIVE_STREAMS} active ones with 409, and counts stopped ones out`, async () => {
    // Prepare
    const { deps } = setup();
    const first = await startStream(principal(), {}, deps);
    for (let i = 1; i < MAX_ACTIVE_STREAMS; i++) await startStream(principal(), {}, deps);
    // Act
    const refused = startStream(principal(), {}, deps);
    // Assess
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(startStream(principal('t2'), {}, deps)).resolves.toMatchObject({ status: 'active' });
    await stopStream(principal(), first.id, deps);
    await expect(startStream(principal(), {}, deps)).resolves.toMatchObject({ status: 'active' });
  });
});

describe('detectStream', () => {
  it('warms up, then scores exactly as live detection does, and counts samples and anomalies', async () => {
    // Prepare
    const { deps, streams } = setup();
    const stream = await startStream(principal(), {}, deps);
    const next = readings(7);
    const warmup = Array.from({ length: WARMUP_SAMPLES + 5 }, next);
    const later = [next(), [61, -30], next()];
    // Act
    const first = await detectStream(principal(), stream.id, warmup, deps);
    const second = await detectStream(principal(), stream.id, later, deps);
    // Assess
    expect(first.results[0]).toMatchObject({ index: 0, ready: false, samples_seen: 1, score: null });
    expect(first.results[WARMUP_SAMPLES - 1]).toMatchObject({ ready: false, samples_seen: WARMUP_SAMPLES });
    expect(first.results[WARMUP_SAMPLES]).toMatchObject({ ready: true, mode: 'warmup', threshold: 0.5 });
    const window = warmup.slice(0, WARMUP_SAMPLES);
    for (const [i, sample] of later.entries())
      expect(second.results[i]?.score).toBe(scoreAgainstWindow(window, sample, 'robust-zscore').score);
    expect(second.results.map((r) => r.is_anomaly)).toEqual([false, true, false]);
    const stored = streams.items.get(`t1/${stream.id}`);
    expect(stored).toMatchObject({
      samples_seen: WARMUP_SAMPLES + 8,
      anomalies: first.stream.anomalies + 1,
      last_sample_at: '2026-12-03T12:00:30.000Z',
      width: 2,
      recent: { '2026-12-03T12:00': [WARMUP_SAMPLES + 8, first.stream.anomalies + 1] },
      version: 3,
    });
    expect(stored?.window).toEqual(window);
  });

  it('applies the threshold asked for at start to the normalized score', async () => {
    const { deps } = setup();
    const stream = await startStream(principal(), { window_size: 10, threshold: 0.01 }, deps);
    const next = readings(3);
    const { results } = await detectStream(principal(), stream.id, Array.from({ length: 12 }, next), deps);
    for (const r of results.slice(10))
      expect(r).toMatchObject({ threshold: 0.01, is_anomaly: (r.score ?? 0) > 0.01 });
  });

  it('scores again on the window a concurrent call grew, and never loses its counts', async () => {
    // Prepare
    const { deps, streams } = setup();
    const stream = await startStream(principal(), { window_size: 10 }, deps);
    const next = readings(5);
    const theirs = Array.from({ length: 10 }, next);
    const mine = Array.from({ length: 3 }, next);
    streams.interleave = () => detectStream(principal(), stream.id, theirs, deps);
    // Act
    const answer = await detectStream(principal(), stream.id, mine, deps);
    // Assess
    expect(answer.results.every((r) => r.ready)).toBe(true);
    expect(streams.items.get(`t1/${stream.id}`)).toMatchObject({ samples_seen: 13, window: theirs });
  });

  it("answers 409 on a stopped stream, 404 on another tenant's, 400 on a width change or an oversized window", async () => {
    const { deps } = setup();
    const stream = await startStream(principal(), {}, deps);
    await detectStream(principal(), stream.id, [[1, 2]], deps);
    await expect(detectStream(principal(), stream.id, [[1, 2, 3]], deps)).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(detectStream(principal('t2'), stream.id, [[1, 2]], deps)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const wide = await startStream(principal(), { window_size: 1000 }, deps);
    const width = Math.floor(MAX_WINDOW_VALUES / 1000) + 1;
    await expect(detectStream(principal(), wide.id, [Array(width).fill(1)], deps)).rejects.toBeInstanceOf(
      ValidationError,
    );
    await stopStream(principal(), stream.id, deps);
    await expect(detectStream(principal(), stream.id, [[1, 2]], deps)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('streamingStatus and monitorSnapshot', () => {
  it("list the tenant's streams and connections, and count only what was measured", async () => {
    // Prepare
    const { deps } = setup();
    const stream = await startStream(principal(), { name: 'mine' }, deps);
    await startStream(principal('t2'), { name: 'theirs' }, deps);
    await detectStream(principal(), stream.id, Array.from({ length: 40 }, readings(1)), deps);
    const connections = { countOpen: async (tenant: string) => (tenant === 't1' ? 2 : 0) };
    const statusDeps = { ...deps, connections };
    // Act
    const all = await streamingStatus(principal(), undefined, statusDeps);
    const one = await streamingStatus(principal(), stream.id, statusDeps);
    const monitor = await monitorSnapshot('t1', {
      ...statusDeps,
      metrics: {
        perMinute: async (minutes) =>
          Array.from({ length: minutes }, (_, i) => ({
            minute: `2026-12-03T${i === minutes - 1 ? '12:00' : `11:${String(45 + i).padStart(2, '0')}`}`,
            requests: i === minutes - 1 ? 4 : 0,
            errors: 0,
            latency_ms_total: i === minutes - 1 ? 100 : 0,
          })),
      },
      detections: { list: async () => [{ created_at: '2026-12-03T12:00:05Z' }] as never },
    });
    // Assess
    expect(all).toMatchObject({ active_streams: 1, open_live_connections: 2 });
    expect(all.streams.map((s) => s.name)).toEqual(['mine']);
    expect(all.streams[0]).toMatchObject({ samples_seen: 40, window_filled: WARMUP_SAMPLES });
    expect(all.streams[0]).not.toHaveProperty('window');
    expect(one.streams.map((s) => s.stream_id)).toEqual([stream.id]);
    await expect(streamingStatus(principal('t2'), stream.id, statusDeps)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(monitor.minutes.at(-1)).toMatchObject({
      minute: '2026-12-03T12:00',
      requests: 4,
      average_latency_ms: 25,
      detection_runs: 1,
      stream_samples: 40,
    });
    expect(monitor.minutes.at(0)).toMatchObject({ requests: 0, average_latency_ms: null, stream_samples: 0 });
    expect(monitor.streams).toEqual([
      expect.objectContaining({ stream_id: stream.id, samples_in_window: 40, samples_this_minute: 40 }),
    ]);
    expect(monitor.live).toEqual({ open_connections: 2 });
  });
});

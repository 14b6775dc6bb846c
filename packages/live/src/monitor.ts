// Real-time monitor: GET /api/performance/monitor → this → request counters, detection runs, streams, connections.
import type { RequestMetrics } from '@pynomaly/core';
import type { DetectionRepository } from '@pynomaly/store';
import type { ConnectionRepository } from './connections';
import { minuteOf, RECENT_MINUTES } from './streaming';
import type { StreamRepository } from './streams';

export interface MonitorDeps {
  metrics: Pick<RequestMetrics, 'perMinute'>;
  detections: Pick<DetectionRepository, 'list'>;
  streams: Pick<StreamRepository, 'list'>;
  connections: Pick<ConnectionRepository, 'countOpen'>;
  now?: () => Date;
}

/** Detection runs read to count the window's (newest first, so the window's come first). */
const RUNS_READ = 1000;
const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * A snapshot of the last {@link RECENT_MINUTES} minutes, minute by minute, from what is counted
 * and nothing else: API requests, errors and latency (the deployment's shared per-minute
 * counters: every caller's, as `GET /api/v1/performance/metrics` reports them), the tenant's
 * detection runs (by their start), and its streams' samples and anomalies (each stream keeps
 * its per-minute counts); then each active stream's throughput and the open live connections.
 */
export async function monitorSnapshot(tenantId: string, deps: MonitorDeps) {
  const now = deps.now?.() ?? new Date();
  const [traffic, runs, streams, openConnections] = await Promise.all([
    deps.metrics.perMinute(RECENT_MINUTES, now.getTime()),
    deps.detections.list(tenantId, RUNS_READ),
    deps.streams.list(tenantId),
    deps.connections.countOpen(tenantId),
  ]);
  const runsPerMinute = new Map<string, number>();
  for (const run of runs) {
    const minute = minuteOf(Date.parse(run.created_at));
    runsPerMinute.set(minute, (runsPerMinute.get(minute) ?? 0) + 1);
  }
  const minutes = traffic.map((t) => {
    const [samples, anomalies] = streams.reduce(
      ([s, a], stream) => {
        const [ms, ma] = stream.recent[t.minute] ?? [0, 0];
        return [s + ms, a + ma];
      },
      [0, 0],
    );
    return {
      minute: t.minute,
      requests: t.requests,
      errors: t.errors,
      average_latency_ms: t.requests ? round(t.latency_ms_total / t.requests, 1) : null,
      detection_runs: runsPerMinute.get(t.minute) ?? 0,
      stream_samples: samples,
      stream_anomalies: anomalies,
    };
  });
  const sum = (field: 'requests' | 'errors' | 'detection_runs' | 'stream_samples' | 'stream_anomalies') =>
    minutes.reduce((total, m) => total + m[field], 0);
  const inWindow = new Set(minutes.map((m) => m.minute));
  const current = minuteOf(now);
  return {
    generated_at: now.toISOString(),
    window_minutes: RECENT_MINUTES,
    minutes,
    totals: {
      requests: sum('requests'),
      errors: sum('errors'),
      detection_runs: sum('detection_runs'),
      stream_samples: sum('stream_samples'),
      stream_anomalies: sum('stream_anomalies'),
    },
    streams: streams
      .filter((s) => s.status === 'active')
      .map((s) => {
        const counts = Object.entries(s.recent).filter(([minute]) => inWindow.has(minute));
        const samples = counts.reduce((total, [, [n]]) => total + n, 0);
        return {
          stream_id: s.id,
          name: s.name,
          mode: s.mode,
          samples_seen: s.samples_seen,
          anomalies: s.anomalies,
          last_sample_at: s.last_sample_at,
          samples_in_window: samples,
          samples_per_minute: round(samples / RECENT_MINUTES),
          samples_this_minute: s.recent[current]?.[0] ?? 0,
        };
      }),
    live: { open_connections: openConnections },
  };
}

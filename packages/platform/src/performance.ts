import { statfsSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import type { RequestMetrics } from '@pynomaly/core';
import { auc, createDetector } from '@pynomaly/detection';
import type { DetectionRepository, DetectorRepository } from '@pynomaly/store';
import { algorithmName, detectorParameters } from './detection';
import { modelCache } from './model-cache';
import { REQUEST_WORK_SECONDS, WorkBudget, workSeconds } from './work-budget';

const WINDOW_MINUTES = 15;
const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * The figures of `GET /api/v1/performance/metrics`, all from real counters: requests and
 * errors of the last 15 minutes across every function, the tenant's own detection runs and
 * trained detectors, and this instance's CPU, disk, memory and model cache.
 */
export async function performanceMetrics(
  tenantId: string,
  deps: { metrics: RequestMetrics; detections: DetectionRepository; detectors: DetectorRepository },
) {
  const since = Date.now() - WINDOW_MINUTES * 60_000;
  const [traffic, runs, detectors] = await Promise.all([
    deps.metrics.window(WINDOW_MINUTES),
    deps.detections.list(tenantId, 1000),
    deps.detectors.list(tenantId),
  ]);
  const cpu = process.cpuUsage();
  const disk = statfsSync(tmpdir());
  const recent = runs.filter((r) => Date.parse(r.created_at) >= since);
  const memoryLimit = Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? 0) * 1024 * 1024 || totalmem();
  return {
    window_minutes: WINDOW_MINUTES,
    system: {
      // This instance's share of one core since it started, and its scratch disk.
      cpu_usage_percent: round(
        ((cpu.user + cpu.system) / 1000 / 1000 / Math.max(process.uptime(), 1)) * 100,
        1,
      ),
      disk_usage_percent: round((1 - disk.bavail / disk.blocks) * 100, 1),
      memory_rss_mb: round(process.memoryUsage().rss / 1048576, 1),
      memory_usage_percent: round((process.memoryUsage().rss / memoryLimit) * 100, 1),
      uptime_seconds: Math.round(process.uptime()),
    },
    application: {
      active_detectors: detectors.filter((d) => d.status === 'trained').length,
      ...modelCache.stats(),
      requests_per_minute: round(traffic.requests / WINDOW_MINUTES),
      detection_requests_per_minute: round(recent.length / WINDOW_MINUTES),
      detections_in_window: recent.length,
    },
    performance: {
      average_response_time_ms: traffic.requests
        ? round(traffic.latency_ms_total / traffic.requests, 1)
        : null,
      average_detection_time_ms: recent.length
        ? round((recent.reduce((s, r) => s + r.processing_time, 0) / recent.length) * 1000, 1)
        : null,
      error_rate_percent: traffic.requests ? round((traffic.errors / traffic.requests) * 100) : 0,
    },
  };
}

/** A seeded normal sample with a share of uniform outliers far from it, and its labels. */
function syntheticData(n: number, d: number, seed: number) {
  let state = seed >>> 0 || 1;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gaussian = () => Math.sqrt(-2 * Math.log(uniform() || 1e-12)) * Math.cos(2 * Math.PI * uniform());
  const data = new Float64Array(n * d);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const outlier = uniform() < 0.01;
    labels[i] = outlier ? 1 : 0;
    for (let j = 0; j < d; j++) data[i * d + j] = outlier ? (uniform() * 2 - 1) * 8 : gaussian();
  }
  return { matrix: { data, n, d }, labels };
}

/**
 * Times one algorithm on synthetic data of the requested size, and reports its ROC-AUC there.
 * A benchmark estimated beyond a request's work budget is refused (422) before it runs.
 */
export function runBenchmark(request: {
  algorithm: string;
  n_samples: number;
  n_features: number;
  seed: number;
  parameters?: Record<string, unknown>;
}) {
  const { algorithm, parameters, n_samples: rows, n_features: features } = request;
  new WorkBudget(REQUEST_WORK_SECONDS).spend(
    workSeconds({ algorithm, parameters, rows, features, scored: rows }),
    'benchmark fewer samples or features, or fewer trees or neighbours',
  );
  const { matrix, labels } = syntheticData(request.n_samples, request.n_features, request.seed);
  const detector = createDetector(algorithmName(request.algorithm), detectorParameters(request.parameters));
  const fitStart = performance.now();
  detector.fit(matrix);
  const fitMs = performance.now() - fitStart;
  const scoreStart = performance.now();
  const scores = detector.score(matrix);
  const scoreMs = performance.now() - scoreStart;
  return {
    algorithm: algorithmName(request.algorithm).replaceAll('-', '_'),
    n_samples: request.n_samples,
    n_features: request.n_features,
    fit_time_ms: round(fitMs, 1),
    score_time_ms: round(scoreMs, 1),
    throughput_rows_per_second: Math.round(request.n_samples / ((fitMs + scoreMs) / 1000)),
    roc_auc: round(auc(scores, labels), 4),
    peak_rss_mb: round(process.memoryUsage().rss / 1048576, 1),
  };
}

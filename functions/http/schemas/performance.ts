import { z } from 'zod';

/** `POST /api/v1/performance/benchmark`: the synthetic data set's size is bounded. */
export const benchmarkBody = z
  .object({
    algorithm: z.string().min(1).max(64).default('isolation_forest'),
    n_samples: z.number().int().min(10).max(100_000).default(10_000),
    n_features: z.number().int().min(1).max(50).default(10),
    seed: z.number().int().min(0).default(0),
    parameters: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const percent = z.number().describe('Percent');

/** `GET /api/v1/performance/metrics`: real counters of the last `window_minutes`, and this instance's. */
export const performanceMetricsAnswer = z
  .object({
    window_minutes: z.number().int(),
    system: z
      .object({
        cpu_usage_percent: percent.describe("This instance's share of one core since it started"),
        disk_usage_percent: percent.describe("This instance's scratch disk"),
        memory_rss_mb: z.number(),
        memory_usage_percent: percent.describe("Of this instance's memory"),
        uptime_seconds: z.number().int(),
      })
      .describe('The function instance that answered'),
    application: z.object({
      active_detectors: z.number().int().describe("The tenant's trained detectors"),
      cached_models: z.number().int().describe("Models in this instance's cache"),
      cache_hit_rate_percent: percent.nullable().describe('Null before the cache was asked'),
      requests_per_minute: z.number().describe('Across every function'),
      detection_requests_per_minute: z.number().describe("The tenant's detection runs"),
      detections_in_window: z.number().int(),
    }),
    performance: z.object({
      average_response_time_ms: z.number().nullable().describe('Null when no request came in the window'),
      average_detection_time_ms: z.number().nullable().describe('Null when no detection ran in the window'),
      error_rate_percent: percent,
    }),
  })
  .meta({
    examples: [
      {
        window_minutes: 15,
        system: {
          cpu_usage_percent: 3.2,
          disk_usage_percent: 8.5,
          memory_rss_mb: 142.3,
          memory_usage_percent: 13.9,
          uptime_seconds: 812,
        },
        application: {
          active_detectors: 4,
          cached_models: 2,
          cache_hit_rate_percent: 87.5,
          requests_per_minute: 12.4,
          detection_requests_per_minute: 0.6,
          detections_in_window: 9,
        },
        performance: {
          average_response_time_ms: 48.2,
          average_detection_time_ms: 310.5,
          error_rate_percent: 0.54,
        },
      },
    ],
  });

/** `POST /api/v1/performance/benchmark`: one algorithm timed on synthetic data (1 % outliers). */
export const benchmarkAnswer = z
  .object({
    algorithm: z.string().describe('The algorithm run, by its canonical name'),
    n_samples: z.number().int(),
    n_features: z.number().int(),
    fit_time_ms: z.number(),
    score_time_ms: z.number(),
    throughput_rows_per_second: z
      .number()
      .int()
      .nullable()
      .describe('Rows fitted and scored per second; null when too fast to time'),
    roc_auc: z
      .number()
      .nullable()
      .describe('On the synthetic labels; null when the sample drew no outlier (too few samples)'),
    peak_rss_mb: z.number().describe("This instance's resident memory after the run"),
  })
  .meta({
    examples: [
      {
        algorithm: 'isolation_forest',
        n_samples: 10000,
        n_features: 10,
        fit_time_ms: 182.4,
        score_time_ms: 95.1,
        throughput_rows_per_second: 36036,
        roc_auc: 0.9987,
        peak_rss_mb: 168.2,
      },
    ],
  });

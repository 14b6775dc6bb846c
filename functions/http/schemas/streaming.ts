/** HTTP streaming (seed 001): a server-side detection session fed samples in batches, and the monitor. */
import { z } from 'zod';

/** Samples one `POST /api/detection/stream` call may carry. */
export const MAX_SAMPLES_PER_CALL = 1000;
/** Values one sample may hold (as a live-detection message: packages/live/src/messages.ts). */
export const MAX_SAMPLE_VALUES = 256;
/** Values one call may carry in all, so a body stays well under a Lambda request's 6 MB. */
export const MAX_VALUES_PER_CALL = 100_000;

const streamId = z.string().min(1).max(64).describe('The `stream_id` of `POST /api/streaming/start`');

/** `POST /api/streaming/start`. */
export const startStreamBody = z
  .object({
    name: z.string().min(1).max(200).optional(),
    detector_id: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe('A trained detector of your tenant scores every sample; without one, a warm-up window does'),
    algorithm: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe(
        "The warm-up window's algorithm (`isolation_forest` spelling accepted); default robust z-score",
      ),
    window_size: z
      .number()
      .int()
      .min(10)
      .max(1000)
      .optional()
      .describe(
        'Samples the warm-up window takes before scoring (default 30, as live detection); window_size × values per sample ≤ 8192',
      ),
    threshold: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        "Flag samples whose normalized score is above this; default the window's fence (0.5) or the detector's own",
      ),
  })
  .strict()
  .refine((b) => !(b.detector_id && (b.algorithm !== undefined || b.window_size !== undefined)), {
    message: 'algorithm and window_size configure the warm-up window; a detector has its own',
    path: ['detector_id'],
  });

/** `POST /api/detection/stream`: a batch of samples of one width. */
export const streamSamplesBody = z
  .object({
    stream_id: streamId,
    samples: z
      .array(z.array(z.number().finite()).min(1).max(MAX_SAMPLE_VALUES))
      .min(1)
      .max(MAX_SAMPLES_PER_CALL)
      .describe(`Up to ${MAX_SAMPLES_PER_CALL} samples, each as many numbers as the stream's first`),
  })
  .strict()
  .refine((b) => b.samples.every((s) => s.length === b.samples[0]?.length), {
    message: 'every sample needs as many values as the first',
    path: ['samples'],
  })
  .refine((b) => b.samples.length * (b.samples[0]?.length ?? 0) <= MAX_VALUES_PER_CALL, {
    message: `at most ${MAX_VALUES_PER_CALL} values per call`,
    path: ['samples'],
  });

/** `POST /api/streaming/stop`. */
export const stopStreamBody = z.object({ stream_id: streamId }).strict();

/** `GET /api/streaming/status`: all the tenant's streams, or one. */
export const streamingStatusQuery = z.object({ stream_id: streamId.optional() });

// --- Answers (for the reference; the unit tests check the use cases' answers against them) ---

const instant = z.iso.datetime();

/** A stream as every streaming route shows it. */
export const streamAnswer = z.object({
  stream_id: z.string(),
  name: z.string(),
  status: z.enum(['active', 'stopped']),
  mode: z
    .enum(['warmup', 'detector'])
    .describe('`detector`: a trained detector scores; `warmup`: the window does'),
  algorithm: z.string(),
  detector_id: z.string().nullable(),
  window_size: z.number().int(),
  window_filled: z.number().int().describe('Samples in the warm-up window so far'),
  threshold: z.number().nullable().describe('The cut asked for at start; null: the default'),
  width: z.number().int().nullable().describe('Values per sample, fixed by the first sample or the detector'),
  samples_seen: z.number().int().describe('Samples the stream has taken, warm-up included'),
  anomalies: z.number().int().describe('Samples flagged'),
  last_sample_at: instant.nullable(),
  created_at: instant,
  stopped_at: instant.nullable(),
});

/** One sample's result: the data of live detection's `anomaly_result`, and its index in the call. */
export const streamResultAnswer = z.object({
  index: z.number().int(),
  mode: z.enum(['warmup', 'detector']),
  ready: z.boolean().describe('False while the warm-up window fills'),
  is_anomaly: z.boolean(),
  score: z.number().nullable().describe('Normalized to [0, 1]; null while warming up'),
  threshold: z.number().nullable(),
  algorithm: z.string(),
  detector_id: z.string().nullable(),
  samples_seen: z.number().int().optional().describe('Samples in the warm-up window (warm-up mode)'),
  samples_needed: z.number().int().optional(),
  timestamp: instant,
});

/** `POST /api/detection/stream`'s answer. */
export const streamSamplesAnswer = z.object({
  stream: streamAnswer.describe('The stream after this call'),
  results: z.array(streamResultAnswer),
});

/** `GET /api/streaming/status`'s answer. */
export const streamingStatusAnswer = z.object({
  generated_at: instant,
  active_streams: z.number().int().describe("The tenant's active streams"),
  max_active_streams: z.number().int(),
  open_live_connections: z.number().int().describe("The tenant's open /ws/detection/live connections"),
  streams: z.array(streamAnswer).describe('Newest first; just the one asked for with `stream_id`'),
});

/** `GET /api/performance/monitor`'s answer: measured counts only. */
export const monitorAnswer = z.object({
  generated_at: instant,
  window_minutes: z.number().int(),
  minutes: z
    .array(
      z.object({
        minute: z.string().describe('`YYYY-MM-DDTHH:MM`, UTC'),
        requests: z
          .number()
          .int()
          .describe('API requests answered by every caller of this deployment (a shared counter)'),
        errors: z.number().int().describe('Of those, answered 5xx'),
        average_latency_ms: z.number().nullable(),
        detection_runs: z.number().int().describe("Your tenant's detection runs started (detect, batch)"),
        stream_samples: z.number().int().describe("Samples your tenant's streams took"),
        stream_anomalies: z.number().int().describe('Of those, flagged'),
      }),
    )
    .describe('Oldest first; the last is the current minute'),
  totals: z.object({
    requests: z.number().int(),
    errors: z.number().int(),
    detection_runs: z.number().int(),
    stream_samples: z.number().int(),
    stream_anomalies: z.number().int(),
  }),
  streams: z
    .array(
      z.object({
        stream_id: z.string(),
        name: z.string(),
        mode: z.enum(['warmup', 'detector']),
        samples_seen: z.number().int(),
        anomalies: z.number().int(),
        last_sample_at: instant.nullable(),
        samples_in_window: z.number().int(),
        samples_per_minute: z.number().describe('samples_in_window over the window'),
        samples_this_minute: z.number().int(),
      }),
    )
    .describe("Your tenant's active streams and their throughput"),
  live: z.object({ open_connections: z.number().int().describe("Your tenant's open live connections") }),
});

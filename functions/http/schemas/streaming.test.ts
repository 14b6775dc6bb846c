import { describe, expect, it } from 'vitest';
import {
  MAX_SAMPLES_PER_CALL,
  MAX_VALUES_PER_CALL,
  monitorAnswer,
  startStreamBody,
  streamingStatusAnswer,
  streamSamplesAnswer,
  streamSamplesBody,
} from './streaming';

const ok = (schema: { safeParse: (v: unknown) => { success: boolean } }, value: unknown) =>
  schema.safeParse(value).success;

describe('streaming request schemas', () => {
  it('bound a call: samples, values per sample and in all, one width', () => {
    const samples = (n: number, width: number) => Array.from({ length: n }, () => Array(width).fill(1));
    expect(ok(streamSamplesBody, { stream_id: 's', samples: samples(MAX_SAMPLES_PER_CALL, 2) })).toBe(true);
    expect(ok(streamSamplesBody, { stream_id: 's', samples: samples(MAX_SAMPLES_PER_CALL + 1, 2) })).toBe(
      false,
    );
    expect(ok(streamSamplesBody, { stream_id: 's', samples: samples(1, 257) })).toBe(false);
    expect(
      ok(streamSamplesBody, {
        stream_id: 's',
        samples: samples(MAX_SAMPLES_PER_CALL, MAX_VALUES_PER_CALL / 500),
      }),
    ).toBe(false);
    expect(ok(streamSamplesBody, { stream_id: 's', samples: [[1, 2], [3]] })).toBe(false);
    expect(ok(streamSamplesBody, { stream_id: 's', samples: [] })).toBe(false);
    expect(ok(streamSamplesBody, { stream_id: 's', samples: [['1']] })).toBe(false);
    expect(ok(streamSamplesBody, { samples: [[1]] })).toBe(false);
  });

  it('take a window or a detector at start, not both, and refuse unknown fields', () => {
    expect(ok(startStreamBody, {})).toBe(true);
    expect(ok(startStreamBody, { algorithm: 'isolation_forest', window_size: 50, threshold: 0.7 })).toBe(
      true,
    );
    expect(ok(startStreamBody, { detector_id: 'd', threshold: 0.7 })).toBe(true);
    expect(ok(startStreamBody, { detector_id: 'd', window_size: 50 })).toBe(false);
    expect(ok(startStreamBody, { window_size: 5 })).toBe(false);
    expect(ok(startStreamBody, { window_size: 1001 })).toBe(false);
    expect(ok(startStreamBody, { threshold: 2 })).toBe(false);
    expect(ok(startStreamBody, { tenant_id: 'other' })).toBe(false);
  });
});

describe('streaming answer schemas', () => {
  const stream = {
    stream_id: '01J',
    name: 'line',
    status: 'active',
    mode: 'warmup',
    algorithm: 'robust-zscore',
    detector_id: null,
    window_size: 30,
    window_filled: 30,
    threshold: null,
    width: 2,
    samples_seen: 31,
    anomalies: 1,
    last_sample_at: '2026-12-03T12:00:30.000Z',
    created_at: '2026-12-03T12:00:00.000Z',
    stopped_at: null,
  };

  it('describe what the routes answer', () => {
    const result = {
      index: 0,
      mode: 'warmup',
      ready: true,
      is_anomaly: true,
      score: 0.9,
      threshold: 0.5,
      algorithm: 'robust-zscore',
      detector_id: null,
      samples_seen: 30,
      samples_needed: 30,
      timestamp: '2026-12-03T12:00:30.000Z',
    };
    expect(streamSamplesAnswer.parse({ stream, results: [result] })).toBeTruthy();
    expect(
      streamingStatusAnswer.parse({
        generated_at: '2026-12-03T12:00:30.000Z',
        active_streams: 1,
        max_active_streams: 20,
        open_live_connections: 0,
        streams: [stream],
      }),
    ).toBeTruthy();
    expect(ok(monitorAnswer, { generated_at: 'now' })).toBe(false);
  });
});

/** The answer checker of the integration suite finds what departs from the document, and only that. */
import { describe, expect, it } from 'vitest';
import { answerSchemaOf, answerViolations } from '../support/answer-schemas';

const stream = {
  stream_id: 's1',
  name: 'line 3',
  status: 'stopped',
  mode: 'warmup',
  algorithm: 'isolation_forest',
  detector_id: null,
  window_size: 30,
  window_filled: 30,
  threshold: null,
  width: 2,
  samples_seen: 40,
  anomalies: 1,
  last_sample_at: '2026-12-03T12:00:00.000Z',
  created_at: '2026-12-03T11:00:00.000Z',
  stopped_at: '2026-12-03T12:01:00.000Z',
};

describe('answer schemas', () => {
  it('match a route by literal path before a template, per method and status', () => {
    expect(answerSchemaOf('POST', '/api/streaming/stop', 200)).toBeDefined();
    expect(answerSchemaOf('POST', '/api/streaming/stop', 201)).toBeUndefined();
    expect(answerSchemaOf('GET', '/api/no/such/route', 200)).toBeUndefined();
  });

  it('accept a documented answer and name each departure from it', () => {
    const document = answerSchemaOf('POST', '/api/streaming/stop', 200);
    expect(document).toBeDefined();
    const valid = answerViolations('POST', '/api/streaming/stop', 200, stream);
    expect(valid).toEqual([]);
    const { samples_seen: _, ...missing } = stream;
    expect(answerViolations('POST', '/api/streaming/stop', 200, missing).join()).toMatch(/samples_seen/);
    expect(answerViolations('POST', '/api/streaming/stop', 200, { ...stream, extra: 1 }).join()).toMatch(
      /additional/,
    );
    expect(answerViolations('POST', '/api/streaming/stop', 200, { ...stream, width: 'two' }).join()).toMatch(
      /\/width/,
    );
  });
});

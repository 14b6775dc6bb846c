import { describe, expect, it } from 'vitest';
import { eventRules } from '../../../functions/events/rules';
import { matchesPattern, substitute } from './event-pattern';

const objectCreated = (bucket: string, key: string) => ({
  source: 'aws.s3',
  'detail-type': 'Object Created',
  detail: { bucket: { name: bucket }, object: { key, size: 10 } },
});

describe('event patterns', () => {
  const rule = eventRules.find((r) => r.id === 'ObjectDropped');
  const pattern = substitute(rule?.pattern ?? {}, { BucketName: 'data' });

  it('matches an object created under the drop prefix of the data bucket', () => {
    expect(matchesPattern(objectCreated('data', 'incoming/t1/logs.xlsx'), pattern)).toBe(true);
  });

  it('ignores other buckets, other prefixes and other event types', () => {
    expect(matchesPattern(objectCreated('other', 'incoming/t1/logs.xlsx'), pattern)).toBe(false);
    expect(matchesPattern(objectCreated('data', 'parsed/t1/sheet-0.ndjson'), pattern)).toBe(false);
    expect(
      matchesPattern({ ...objectCreated('data', 'incoming/t/x'), 'detail-type': 'Object Deleted' }, pattern),
    ).toBe(false);
  });

  it('supports exists, suffix and anything-but', () => {
    expect(matchesPattern({ a: 1 }, { a: [{ exists: true }] })).toBe(true);
    expect(matchesPattern({}, { a: [{ exists: false }] })).toBe(true);
    expect(matchesPattern({ k: 'x.xlsx' }, { k: [{ suffix: '.xlsx' }] })).toBe(true);
    expect(matchesPattern({ s: 'error' }, { s: [{ 'anything-but': ['ok'] }] })).toBe(true);
    expect(matchesPattern({ s: 'ok' }, { s: [{ 'anything-but': ['ok'] }] })).toBe(false);
  });
});

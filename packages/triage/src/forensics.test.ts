import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, evidenceHash } from './forensics';

describe('evidenceHash', () => {
  it('is the sha256 of canonical JSON with sorted keys', () => {
    const expected = createHash('sha256').update('{"a":1,"b":"x","c":null}').digest('hex');
    expect(evidenceHash({ c: null, b: 'x', a: 1 })).toBe(`sha256:${expected}`);
  });

  it('is stable under key order and sensitive to values', () => {
    const row = { user_id: 'john.doe@hospital.sg', records_accessed: 15000, source_ip: '185.220.101.42' };
    const reordered = {
      source_ip: '185.220.101.42',
      user_id: 'john.doe@hospital.sg',
      records_accessed: 15000,
    };
    expect(evidenceHash(reordered)).toBe(evidenceHash(row));
    expect(evidenceHash({ ...row, records_accessed: 15001 })).not.toBe(evidenceHash(row));
  });

  it('sorts nested objects too', () => {
    expect(canonicalJson({ b: [{ y: 1, x: 2 }], a: 'é' })).toBe('{"a":"é","b":[{"x":2,"y":1}]}');
  });
});

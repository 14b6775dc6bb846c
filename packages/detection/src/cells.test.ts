import { describe, expect, it } from 'vitest';
import { cellText, parseIp, parseNumber, parseTimestamp } from './cells';
import { inferKind } from './columns';

describe('cell parsing', () => {
  it('reads numbers, including grouped thousands, and treats placeholders as missing', () => {
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(parseNumber(' -3e2 ')).toBe(-300);
    expect(parseNumber('12 apples')).toBeNull();
    expect(parseNumber(Number.NaN)).toBeNull();
    expect(cellText('  N/A ')).toBeNull();
    expect(cellText('  x ')).toBe('x');
  });

  it('reads wall-clock time from ISO strings and UTC from Dates', () => {
    expect(parseTimestamp('2025-11-06T03:15:00+08:00')).toEqual({
      epochMs: Date.UTC(2025, 10, 5, 19, 15),
      minuteOfDay: 195,
      weekday: 4,
    });
    expect(parseTimestamp('2025-11-06 14:30')?.minuteOfDay).toBe(870);
    expect(parseTimestamp('2025-11-06')?.minuteOfDay).toBe(0);
    expect(parseTimestamp(new Date(Date.UTC(2025, 10, 9, 23, 5)))?.weekday).toBe(0);
    expect(parseTimestamp('2025-13-01')).toBeNull();
    expect(parseTimestamp('yesterday')).toBeNull();
  });

  it('reads IPv4 and IPv6 with network and private range', () => {
    expect(parseIp('10.0.3.4')).toEqual({ address: '10.0.3.4', prefix: '10.0.0.0/16', isPrivate: true });
    expect(parseIp('185.220.101.42')?.isPrivate).toBe(false);
    expect(parseIp('172.20.1.1')?.isPrivate).toBe(true);
    expect(parseIp('256.1.1.1')).toBeNull();
    expect(parseIp('2001:DB8::1')).toEqual({
      address: '2001:db8::1',
      prefix: '2001:db8::/32',
      isPrivate: false,
    });
    expect(parseIp('fd12:3456::1')?.isPrivate).toBe(true);
    expect(parseIp('::1')?.isPrivate).toBe(true);
    expect(parseIp('::ffff:192.0.2.1')?.prefix).toBe('0:0::/32');
  });
});

describe('inferKind', () => {
  const many = (f: (i: number) => string | number | boolean | Date | null) =>
    Array.from({ length: 40 }, (_, i) => f(i));

  it('recognises each kind', () => {
    expect(inferKind(many((i) => i * 1.5))).toBe('numeric');
    expect(inferKind(many((i) => String(i)))).toBe('numeric');
    expect(inferKind(many((i) => new Date(Date.UTC(2025, 0, 1 + i))))).toBe('timestamp');
    expect(inferKind(many((i) => `2025-01-0${(i % 9) + 1}T10:00:00Z`))).toBe('timestamp');
    expect(inferKind(many((i) => `10.1.0.${i}`))).toBe('ip');
    expect(inferKind(many((i) => `fe80::${i}`))).toBe('ip');
    expect(inferKind(many((i) => ['read', 'write'][i % 2]!))).toBe('categorical');
    expect(inferKind(many((i) => `user${i}@corp.example`))).toBe('identifier');
    expect(inferKind(many((i) => i % 3 === 0))).toBe('boolean');
    expect(inferKind(many((i) => (i % 2 ? 'TRUE' : 'false')))).toBe('boolean');
    expect(inferKind(many((i) => `the quick brown fox jumps over the lazy dog number ${i}`))).toBe('text');
    expect(inferKind(many(() => null))).toBe('empty');
  });

  it('tolerates a few unparseable cells in a typed column', () => {
    expect(inferKind(many((i) => (i === 0 ? 'oops' : i)))).toBe('numeric');
    expect(inferKind(many((i) => (i < 5 ? 'oops' : i)))).toBe('identifier');
  });
});

import { describe, expect, it } from 'vitest';
import { numericDeviation } from './encode-numeric';
import { encodeTimestamp, minutesOutside, usualWindow } from './encode-time';
import { formatDuration, formatShare, roundSensibly } from './format';
import { frequencies, rarity, robustScale } from './stats';

describe('usual hours', () => {
  it('finds the office window and measures distance around the clock', () => {
    const counts = new Array<number>(24).fill(0);
    for (let h = 9; h < 17; h++) counts[h] = 30;
    counts[3] = 3;
    const w = usualWindow(counts);
    expect(w).toEqual({ start: 9, length: 8 });
    expect(minutesOutside(3 * 60 + 15, w)).toBe(345);
    expect(minutesOutside(12 * 60, w)).toBe(0);
    expect(minutesOutside(23 * 60, w)).toBe(360);
  });

  it('wraps a night shift across midnight', () => {
    const counts = new Array<number>(24).fill(0);
    for (const h of [22, 23, 0, 1, 2, 3, 4, 5]) counts[h] = 10;
    const w = usualWindow(counts);
    expect(w).toEqual({ start: 22, length: 8 });
    expect(minutesOutside(30, w)).toBe(0);
    expect(minutesOutside(12 * 60, w)).toBe(360);
  });

  it('describes an off-hours row with its time and the window', () => {
    const cells = Array.from({ length: 50 }, (_, i) => `2025-11-0${(i % 5) + 3}T${10 + (i % 6)}:00:00`);
    cells.push('2025-11-04T03:15:00');
    const column = encodeTimestamp(cells);
    expect(column.describe(50, [1, 0, 0])).toEqual({
      actual_value: '03:15',
      expected_value: '10:00-16:00',
      deviation: '03:15, outside usual 10:00-16:00',
    });
  });
});

describe('numeric deviation words', () => {
  const s = { median: 50, q1: 43, q3: 57 };
  it('uses ratios when large and IQRs otherwise', () => {
    expect(numericDeviation(15000, s, 'volume')).toBe('+300x usual volume');
    expect(numericDeviation(180, s, 'value')).toBe('+3.6x usual value');
    expect(numericDeviation(7.5, s, 'value')).toBe('-85% of usual');
    expect(numericDeviation(101, s, 'value')).toBe('+3.1 IQR above usual range');
    expect(numericDeviation(20, s, 'value')).toBe('-1.6 IQR below usual range');
    expect(numericDeviation(50, s, 'value')).toBe('within usual range 43-57');
    expect(numericDeviation(-4, { median: -1, q1: -1, q3: -1 }, 'value')).toBe('-3 from usual -1');
  });
});

describe('helpers', () => {
  it('makes rarity one-sided and mutes ordinary frequency spread', () => {
    const keys = [...Array(40).fill('a'), ...Array(30).fill('b'), ...Array(29).fill('c'), 'new', null];
    const r = rarity(keys, frequencies(keys));
    expect(r[0]).toBe(r[45]);
    expect(r[0]).toBe(r[80]);
    expect(r[99]).toBeCloseTo(Math.log(100), 12);
    expect(r[100]).toBe(r[0]);
  });

  it('scales robustly with a fallback for zero IQR', () => {
    expect(robustScale(Float64Array.from([1, 2, 3, 4, 5]))).toEqual({ center: 3, scale: 2 });
    expect(robustScale(Float64Array.from([0, 0, 0, 0, 10])).scale).toBe(2);
    expect(robustScale(Float64Array.from([7, 7])).scale).toBe(1);
  });

  it('formats for people', () => {
    expect(roundSensibly(49.7, true)).toBe(50);
    expect(roundSensibly(0.012345)).toBe(0.0123);
    expect(formatShare(0.0099)).toBe('0.99%');
    expect(formatShare(0.25)).toBe('25%');
    expect(formatDuration(5)).toBe('5 s');
    expect(formatDuration(3 * 3600)).toBe('3 h');
    expect(formatDuration(2.5 * 86400)).toBe('2.5 days');
  });
});

import { describe, expect, it } from 'vitest';
import { percentOf, stack } from './charts';

describe('percentOf', () => {
  it('scales to the largest value, shows any non-zero value and nothing of an empty chart', () => {
    expect(percentOf(5, 10)).toBe(50);
    expect(percentOf(10, 10)).toBe(100);
    expect(percentOf(0.001, 10)).toBe(1);
    expect(percentOf(0, 10)).toBe(0);
    expect(percentOf(3, 0)).toBe(0);
  });
});

describe('stack', () => {
  it('stacks the parts from the bottom in series order, skipping empty ones', () => {
    expect(stack({ critical: 1, high: 0, low: 3 }, ['critical', 'high', 'low'], 8, 100)).toEqual([
      { name: 'critical', y: 87.5, height: 12.5 },
      { name: 'low', y: 50, height: 37.5 },
    ]);
  });

  it('draws nothing when every column is empty', () => {
    expect(stack({ critical: 0 }, ['critical'], 0, 100)).toEqual([]);
  });
});

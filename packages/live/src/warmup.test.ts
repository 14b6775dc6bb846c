import { describe, expect, it } from 'vitest';
import { registryName, scoreAgainstWindow } from './warmup';

/** A seeded normal sample generator, so the test is the same every run. */
function gaussian(seed: number) {
  let state = seed;
  const uniform = () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

describe('scoreAgainstWindow', () => {
  it('flags a sample far outside a 30-sample window and passes samples like it', () => {
    // Prepare
    const g = gaussian(1);
    const row = () => [10 + g(), 20 + g(), 5 + g()];
    const window = Array.from({ length: 30 }, row);
    // Act
    const normal = Array.from({ length: 200 }, () => scoreAgainstWindow(window, row(), 'robust-zscore'));
    const outlier = scoreAgainstWindow(window, [25, 5, 5], 'robust-zscore');
    // Assess
    expect(normal.filter((r) => r.isAnomaly).length).toBeLessThanOrEqual(2);
    expect(outlier).toMatchObject({ isAnomaly: true, threshold: 0.5 });
    expect(outlier.score).toBeGreaterThan(0.5);
  });

  it('names algorithms as the registry does', () => {
    expect(registryName(undefined)).toBe('robust-zscore');
    expect(registryName('isolation_forest')).toBe('isolation-forest');
  });
});

import { describe, expect, it } from 'vitest';
import { deviations } from './deviation';

describe('deviations', () => {
  it('measures each numeric value in standard deviations from its mean, largest first', () => {
    const dataset = {
      feature_names: ['amount', 'hour', 'state', 'flat'],
      statistics: { mean: [100, 12, null, 5], std: [50, 4, null, 0] },
    };
    expect(deviations({ amount: 400, hour: 10, state: 'on', flat: 5 }, dataset)).toEqual([
      { feature: 'amount', value: 400, mean: 100, sigmas: 6 },
      { feature: 'hour', value: 10, mean: 12, sigmas: -0.5 },
    ]);
  });

  it('leaves out a value that is missing', () => {
    const dataset = { feature_names: ['a'], statistics: { mean: [1], std: [1] } };
    expect(deviations({ a: null }, dataset)).toEqual([]);
  });
});

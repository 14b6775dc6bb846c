import { describe, expect, it } from 'vitest';
import { algorithmName, detectorParameters } from './detection';

describe('algorithm names and parameters as the seeds write them', () => {
  it.each([
    ['isolation_forest', 'isolation-forest'],
    ['IsolationForest', 'isolation-forest'],
    ['LOF', 'lof'],
    ['LocalOutlierFactor', 'lof'],
    ['RobustZScore', 'robust-zscore'],
    ['ecod', 'ecod'],
  ])('%s is %s', (given, expected) => {
    expect(algorithmName(given)).toBe(expected);
  });

  it('turns snake_case parameters into the registry names', () => {
    expect(detectorParameters({ n_estimators: 100, random_state: 42, contamination: 0.1 })).toEqual({
      nEstimators: 100,
      randomState: 42,
      contamination: 0.1,
    });
  });
});

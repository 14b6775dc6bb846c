import type { Principal } from '@pynomaly/core';
import type { DetectionRecord } from '@pynomaly/store';
import { describe, expect, it } from 'vitest';
import {
  algorithmName,
  type DetectionDeps,
  type DetectRequest,
  detect,
  detectorParameters,
} from './detection';

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

describe('missing values in a detection', () => {
  const principal = { tenantId: 't1', userId: 'u1' } as Principal;
  const stored: DetectionRecord[] = [];
  // Only what a synchronous inline detection touches: the run is kept, its anomalies written, it is announced.
  const deps = {
    detections: { putFinished: async (r: DetectionRecord) => stored.push(r) > 0 },
    blobs: { put: async () => undefined },
    events: { publish: async () => undefined },
  } as unknown as DetectionDeps & Parameters<typeof detect>[2];
  const data = [
    [1, 2],
    [null, 3],
    [2, null],
    [1.5, 2.5],
    [100, 2],
    [null, null],
    [1.2, 2.2],
  ];
  const run = async (request: Partial<DetectRequest>) =>
    (await detect(principal, { algorithm: 'knn', data, ...request }, deps)).record;

  it('takes null cells as missing, says how the algorithm treated them, and leaves out an empty row', async () => {
    const record = await run({ parameters: { k: 20 } });
    expect(record.n_samples).toBe(6);
    expect(record.missing).toEqual({
      cells: 2,
      rows: 2,
      features: { feature_0: 1, feature_1: 1 },
      handling: 'median',
      rows_excluded: 1,
      empty_features: [],
    });
    expect(record.adjusted_parameters).toEqual([
      { name: 'k', requested: 20, used: 5, reason: '6 training rows have at most 5 neighbours each' },
    ]);
  });

  it('names the rule of each algorithm, of an ensemble and of an asked-for fill', async () => {
    expect((await run({ algorithm: 'ecod' })).missing?.handling).toBe('expected');
    expect((await run({ algorithm: 'ensemble' })).missing?.handling).toBe('members');
    expect((await run({ preprocessing: { handle_missing: 'mean' } })).missing?.handling).toBe('mean');
    const complete = await run({ data: [[1], [2], [3]] });
    expect(complete.missing).toBeNull();
    expect(complete.adjusted_parameters).toEqual([
      { name: 'k', requested: 5, used: 2, reason: '3 training rows have at most 2 neighbours each' },
    ]);
  });
});

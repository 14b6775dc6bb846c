import { describe, expect, it } from 'vitest';
import { IsolationForest } from '../isolation-forest';
import { BLOB, detectorContract } from './detector-contract';
import { IsolationForestDetector } from './isolation-forest';

describe('IsolationForestDetector', () => {
  detectorContract((p) => new IsolationForestDetector(p));

  it('scores and explains exactly as the underlying forest', () => {
    const { x } = BLOB;
    const forest = new IsolationForest({ randomState: 3, nEstimators: 50 }).fit(x);
    const detector = new IsolationForestDetector({ randomState: 3, nEstimators: 50 }).fit(x);
    expect(detector.score(x)).toEqual(forest.scoreSamples(x));
    expect(detector.explain(x, 3)).toEqual(
      forest.pathAttribution({ data: x.data.subarray(12, 16), n: 1, d: 4 }),
    );
  });

  it('changes with the seed', () => {
    const { x } = BLOB;
    const a = new IsolationForestDetector({ randomState: 1 }).fit(x).score(x);
    expect(new IsolationForestDetector({ randomState: 2 }).fit(x).score(x)).not.toEqual(a);
  });
});

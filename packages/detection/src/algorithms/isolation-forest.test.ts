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

  it('fits and scores on worker threads to the same model and scores, bit for bit', async () => {
    // Prepare: enough rows for two threads (forest/parallel.ts), one far row, a missing cell.
    const n = 50_000;
    const data = Float64Array.from({ length: n * 4 }, (_, i) => (Math.sin(i * 12.9898) * 43758.5453) % 1);
    data[7 * 4] = 40;
    data[9 * 4 + 1] = Number.NaN;
    const x = { data, n, d: 4 };
    // Act
    const alone = new IsolationForestDetector({ randomState: 5 }).fit(x);
    const threaded = await new IsolationForestDetector({ randomState: 5 }).fitAsync(x);
    // Assess
    expect(threaded.threshold()).toBe(alone.threshold());
    expect(threaded.trainingScores()).toEqual(alone.trainingScores());
    expect(await threaded.normalizedScoreAsync(x)).toEqual(alone.normalizedScore(x));
    expect(threaded.report()).toEqual(alone.report());
  });

  it('changes with the seed', () => {
    const { x } = BLOB;
    const a = new IsolationForestDetector({ randomState: 1 }).fit(x).score(x);
    expect(new IsolationForestDetector({ randomState: 2 }).fit(x).score(x)).not.toEqual(a);
  });
});

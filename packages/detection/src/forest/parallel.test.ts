import { describe, expect, it } from 'vitest';
import { IsolationForest } from '../isolation-forest';
import { threadsFor } from './parallel';

/** n rows × d columns of a seeded walk, with a few far rows. */
function rows(n: number, d: number): { data: Float64Array; n: number; d: number } {
  const data = new Float64Array(n * d);
  let state = 7;
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    data[i] = state / 2 ** 32 + (i % 997 === 0 ? 40 : 0);
  }
  return { data, n, d };
}

describe('scoring on worker threads', () => {
  it('gives the scores of one thread, bit for bit, however the rows are cut', async () => {
    // Prepare
    const forest = new IsolationForest({ nEstimators: 50, randomState: 3 });
    forest.fit(rows(2000, 5));
    const scored = rows(10_001, 5);
    // Act
    const one = forest.scoreSamples(scored);
    const three = await forest.scoreSamplesParallel(scored, 3);
    const worker = await forest.scoreSamplesParallel(scored, 1);
    const [a, b] = await Promise.all([
      forest.scoreSamplesParallel(scored, 2),
      forest.scoreSamplesParallel(scored, 2),
    ]);
    // Assess
    expect(Buffer.from(three.buffer).equals(Buffer.from(one.buffer))).toBe(true);
    expect(Buffer.from(worker.buffer).equals(Buffer.from(one.buffer))).toBe(true);
    expect(Buffer.from(a?.buffer ?? new ArrayBuffer(0)).equals(Buffer.from(one.buffer))).toBe(true);
    expect(Buffer.from(b?.buffer ?? new ArrayBuffer(0)).equals(Buffer.from(one.buffer))).toBe(true);
  });

  it('uses workers only where each has enough rows, and one even on one core', () => {
    expect(threadsFor(1_000, 6)).toBe(0);
    expect(threadsFor(50_000, 6)).toBe(2);
    expect(threadsFor(10_000_000, 6)).toBe(6);
    expect(threadsFor(10_000_000, 1)).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/src/errors';
import { IsolationForest } from '../isolation-forest';
import { blobWithOutliers } from '../test-data';
import { buildForest, type ForestArrays } from '../tree-builder';
import { addPathLengths, packForest } from './packed-forest';

/** The plain node-by-node walk the packed scorer replaced, as the reference it must equal bit for bit. */
function referenceSums(f: ForestArrays, data: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < f.roots.length; t++) {
      let node = f.roots[t]!;
      let depth = 0;
      while (f.feature[node]! >= 0) {
        node = data[i * d + f.feature[node]!]! <= f.threshold[node]! ? f.left[node]! : f.right[node]!;
        depth++;
      }
      out[i] = out[i]! + (depth + f.correction[node]!);
    }
  }
  return out;
}

describe('packed forest', () => {
  // 1003 rows: blocks of 256 and groups of 8 both end with a remainder.
  const m = blobWithOutliers(1003, 5, [10, 500], 3);

  it.each([
    { maxSamples: 256, maxFeatures: 5 },
    { maxSamples: 1003, maxFeatures: 2 },
    { maxSamples: 3, maxFeatures: 5 },
    { maxSamples: 1, maxFeatures: 5 },
  ])('sums path lengths bit-identically to a node-by-node walk ($maxSamples samples)', (p) => {
    const forest = buildForest(m, { nEstimators: 13, bootstrap: false, seed: 11, ...p });
    const got = new Float64Array(m.n);
    addPathLengths(packForest(forest), m.data, m.n, m.d, got);
    const want = referenceSums(forest, m.data, m.n, m.d);
    expect(Buffer.from(got.buffer).equals(Buffer.from(want.buffer))).toBe(true);
  });

  it('refuses a model in which two splits share a child', () => {
    const json = new IsolationForest({ randomState: 1, nEstimators: 2 }).fit(m).toJSON();
    const feature = new Int32Array(Buffer.from(json.trees.feature, 'base64').buffer.slice(0));
    const right = new Int32Array(Buffer.from(json.trees.right, 'base64').buffer.slice(0));
    const left = new Int32Array(Buffer.from(json.trees.left, 'base64').buffer.slice(0));
    // The root's left child is node 1; point the root's right there too.
    expect(feature[0]).toBeGreaterThanOrEqual(0);
    right[0] = left[0]!;
    const bad = { ...json, trees: { ...json.trees, right: Buffer.from(right.buffer).toString('base64') } };
    expect(() => IsolationForest.fromJSON(bad)).toThrow(ValidationError);
  });
});

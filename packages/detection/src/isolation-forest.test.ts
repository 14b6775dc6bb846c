import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/src/errors';
import { IsolationForest } from './isolation-forest';
import { averagePathLength } from './path-length';
import { Random } from './random';
import { blobWithOutliers } from './test-data';

describe('averagePathLength', () => {
  it('matches scikit-learn values', () => {
    expect(averagePathLength(0)).toBe(0);
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    expect(averagePathLength(3)).toBeCloseTo(2 * (Math.log(2) + 0.5772156649) - 4 / 3, 12);
    expect(averagePathLength(256)).toBeCloseTo(10.2448, 4);
  });
});

describe('Random', () => {
  it('repeats its stream for a seed and gives floats in [0, 1)', () => {
    const a = new Random(42);
    const b = new Random(42);
    const xs = Array.from({ length: 1000 }, () => a.nextFloat());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.nextFloat()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(new Random(43).nextFloat()).not.toBe(new Random(42).nextFloat());
  });
});

describe('IsolationForest', () => {
  const outliers = [3, 50, 400];
  const blob = blobWithOutliers(600, 3, outliers, 2);

  it('ranks planted outliers highest with scores in (0, 1]', () => {
    const scores = new IsolationForest({ randomState: 1 }).fitScore(blob);
    const top = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]!).slice(0, 3);
    expect(top.sort((a, b) => a - b)).toEqual(outliers);
    for (const s of scores) expect(s > 0 && s <= 1).toBe(true);
  });

  it('gives bit-identical scores for the same seed and different ones for another', () => {
    const a = new IsolationForest({ randomState: 5 }).fitScore(blob);
    const b = new IsolationForest({ randomState: 5 }).fitScore(blob);
    const c = new IsolationForest({ randomState: 6 }).fitScore(blob);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
  });

  it('round-trips through JSON to bit-identical scores', () => {
    const model = new IsolationForest({ randomState: 3, contamination: 0.05 }).fit(blob);
    const json = JSON.parse(JSON.stringify(model));
    const loaded = IsolationForest.fromJSON(json);
    const before = model.scoreSamples(blob);
    const after = loaded.scoreSamples(blob);
    expect(Buffer.from(after.buffer).equals(Buffer.from(before.buffer))).toBe(true);
    expect(loaded.threshold).toBe(model.threshold);
    expect(Array.from(loaded.pathAttribution(blob))).toEqual(Array.from(model.pathAttribution(blob)));
  });

  it('rejects malformed models', () => {
    const json = new IsolationForest().fit(blob).toJSON();
    expect(() => IsolationForest.fromJSON({ ...json, format: 'x' })).toThrow(ValidationError);
    const left = new Int32Array(Buffer.from(json.trees.left, 'base64').buffer.slice(0));
    left[0] = 0;
    const bad = { ...json, trees: { ...json.trees, left: Buffer.from(left.buffer).toString('base64') } };
    expect(() => IsolationForest.fromJSON(bad)).toThrow(ValidationError);
  });

  it('puts the threshold at 0.5 for auto and at the training quantile otherwise', () => {
    expect(new IsolationForest().fit(blob).threshold).toBe(0.5);
    const model = new IsolationForest({ contamination: 0.01, randomState: 2 });
    const scores = model.fitScore(blob);
    const flagged = model.predict(blob).reduce((a, b) => a + b, 0);
    expect(flagged).toBe(6);
    expect(scores.filter((s) => s > model.threshold).length).toBe(6);
  });

  it('attributes path shortening to the feature that makes a row anomalous', () => {
    const model = new IsolationForest({ randomState: 4 }).fit(blob);
    const attr = model.pathAttribution(blob);
    for (const i of outliers) {
      const row = Array.from(attr.subarray(i * 3, i * 3 + 3));
      expect(row.indexOf(Math.max(...row))).toBe(2);
    }
    // Per tree the credits telescope to c(root size) - h(x).
    const single = new IsolationForest({ randomState: 4, nEstimators: 1 }).fit(blob);
    const s = single.scoreSamples(blob)[3]!;
    const h = -Math.log2(s) * averagePathLength(256);
    const total = Array.from(single.pathAttribution(blob).subarray(9, 12)).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(averagePathLength(256) - h, 9);
  });

  it('reports depth-based importances that sum to 1 and never split constant features', () => {
    const d = 3;
    const rng = new Random(9);
    const data = new Float64Array(300 * d);
    for (let i = 0; i < 300; i++) {
      data[i * d] = rng.nextFloat();
      data[i * d + 1] = 42;
      data[i * d + 2] = rng.nextFloat();
    }
    const imp = new IsolationForest().fit({ data, n: 300, d }).featureImportances();
    expect(imp[1]).toBe(0);
    expect(imp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('handles tiny, constant and duplicate inputs without NaN', () => {
    for (const rows of [
      [[1, 2]],
      [
        [1, 2],
        [3, 4],
      ],
      [
        [1, 2],
        [1, 2],
      ],
      Array.from({ length: 50 }, () => [7, 7]),
    ]) {
      const scores = new IsolationForest().fitScore(rows);
      for (const s of scores) expect(s).toBeGreaterThan(0);
      expect(scores.every((s) => Number.isFinite(s))).toBe(true);
    }
    expect(Array.from(new IsolationForest().fitScore([[1]]))).toEqual([0.5]);
  });

  it('refuses empty input and non-finite values, naming the row and column', () => {
    expect(() => new IsolationForest().fit([])).toThrow(ValidationError);
    expect(() => new IsolationForest().fit({ data: new Float64Array(0), n: 0, d: 3 })).toThrow(
      ValidationError,
    );
    try {
      new IsolationForest().fit([
        [1, 2],
        [3, Number.NaN],
      ]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).errors[0]?.field).toBe('data[1][1]');
    }
    expect(() => new IsolationForest().fit([[1, Number.POSITIVE_INFINITY]])).toThrow(/row 0, column 1/);
    const model = new IsolationForest().fit([[1, 2]]);
    expect(() => model.scoreSamples([[1, 2, 3]])).toThrow(ValidationError);
  });

  it('validates options', () => {
    expect(() => new IsolationForest({ contamination: 0.7 })).toThrow(ValidationError);
    expect(() => new IsolationForest({ nEstimators: 0 })).toThrow(ValidationError);
    expect(() => new IsolationForest({ maxSamples: 2.5 })).toThrow(ValidationError);
    expect(() => new IsolationForest({ featureWeights: [1, 0] })).toThrow(ValidationError);
    expect(() => new IsolationForest().scoreSamples([[1]])).toThrow(ValidationError);
  });

  it('supports feature subsets, bootstrap, explicit sample sizes and weights', () => {
    const variants = [
      { maxFeatures: 0.5 },
      { maxFeatures: 2 },
      { bootstrap: true },
      { maxSamples: 64 },
      { maxSamples: 10_000 },
      { featureWeights: [1, 1, 4] },
    ];
    for (const v of variants) {
      const model = new IsolationForest({ ...v, randomState: 1 });
      const scores = model.fitScore(blob);
      const cutoff = Float64Array.from(scores).sort()[Math.floor(scores.length * 0.95)]!;
      for (const i of outliers) expect(scores[i]).toBeGreaterThan(cutoff);
    }
    expect(new IsolationForest({ maxSamples: 10_000 }).fit(blob).maxSamples).toBe(600);
  });

  it('discards old trees on refit', () => {
    const model = new IsolationForest({ randomState: 1 });
    const first = model.fitScore(blob);
    model.fit([
      [0, 0, 0],
      [1, 1, 1],
    ]);
    const again = new IsolationForest({ randomState: 1 }).fitScore(blob);
    expect(Array.from(model.fit(blob).scoreSamples(blob))).toEqual(Array.from(first));
    expect(Array.from(again)).toEqual(Array.from(first));
  });
});

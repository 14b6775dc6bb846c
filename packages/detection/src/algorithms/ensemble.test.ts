import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/src/errors';
import { BLOB, detectorContract, TAILS, topRows } from './detector-contract';
import { Ecod } from './ecod';
import { combineScores, defaultEnsemble, Ensemble } from './ensemble';
import { Knn } from './knn';
import { ZScore } from './zscore';

describe('combineScores', () => {
  const scores = [
    Float64Array.of(0.1, 0.9, 0.5),
    Float64Array.of(0.3, 0.2, 0.6),
    Float64Array.of(0.2, 1, 0.7),
  ];
  const thresholds = [0.4, 0.4, 0.8];

  it('averages, takes the maximum or the median', () => {
    const avg = combineScores(scores, thresholds, 'average');
    expect(avg[0]).toBeCloseTo(0.2, 15);
    expect(avg[1]).toBeCloseTo(0.7, 15);
    expect(Array.from(combineScores(scores, thresholds, 'maximum'))).toEqual([0.3, 1, 0.7]);
    expect(Array.from(combineScores(scores, thresholds, 'median'))).toEqual([0.2, 0.9, 0.6]);
    expect(Array.from(combineScores(scores.slice(0, 2), thresholds, 'median'))).toEqual([0.2, 0.55, 0.55]);
  });

  it('counts the share of members above their own thresholds for majority_vote', () => {
    expect(Array.from(combineScores(scores, thresholds, 'majority_vote'))).toEqual([0, 2 / 3, 2 / 3]);
  });
});

describe('Ensemble', () => {
  const members = () => [new ZScore(), new Ecod(), new Knn()];
  for (const combination of ['average', 'maximum', 'median', 'majority_vote'] as const) {
    describe(combination, () => {
      // ECOD, a member, needs anomalies on several features (see TAILS).
      detectorContract((p) => new Ensemble(members(), { combination, ...p }), TAILS);
    });
  }
  describe('the default ensemble', () => {
    detectorContract((p) => defaultEnsemble(p), TAILS);
  });

  it('scores with the combined member scores', () => {
    const { x } = BLOB;
    const parts = members().map((m) => m.fit(x));
    const ensemble = new Ensemble(members(), { combination: 'average' }).fit(x);
    const expected = combineScores(
      parts.map((m) => m.normalizedScore(x)),
      parts.map((m) => m.threshold()),
      'average',
    );
    expect(ensemble.score(x)).toEqual(expected);
    expect(ensemble.normalizedScore(x)).toEqual(expected);
  });

  it('flags a strict majority under auto with majority_vote', () => {
    const { x, rows } = TAILS;
    const ensemble = new Ensemble(members(), { combination: 'majority_vote' }).fit(x);
    expect(ensemble.threshold()).toBe(0.5);
    expect(topRows(ensemble.score(x), rows.length)).toEqual(rows);
  });

  it('explains with the mean of the members’ per-feature shares', () => {
    const { x } = BLOB;
    const parts = new Ensemble(members()).fit(x).explain(x, 50);
    expect(parts.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(parts.indexOf(Math.max(...parts))).toBe(2);
  });

  it('needs members and a valid combination', () => {
    expect(() => new Ensemble([])).toThrow(ValidationError);
    expect(() => new Ensemble(members(), { combination: 'vote' as 'median' })).toThrow(ValidationError);
    expect(() => new Ensemble(members()).score(BLOB.x)).toThrow(ValidationError);
  });
});

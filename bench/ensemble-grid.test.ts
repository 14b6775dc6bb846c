import { describe, expect, it } from 'vitest';
import { Random } from '../packages/detection/src/random';
import {
  aucAndAp,
  bestSingle,
  candidateGrid,
  candidateName,
  type Measured,
  normalise,
  selectCandidate,
} from './ensemble-grid';
import { averagePrecision, rocAuc } from './metrics';

describe('aucAndAp', () => {
  it('equals the reference ROC-AUC and average precision, ties included', () => {
    const rng = new Random(7);
    for (const levels of [3, 20, 1000]) {
      const scores = Float64Array.from({ length: 500 }, () => rng.nextInt(levels) / levels);
      const labels = Uint8Array.from(scores, (s) => (rng.nextFloat() < 0.1 + 0.5 * s ? 1 : 0));
      const { auc, ap } = aucAndAp(scores, labels);
      expect(auc).toBeCloseTo(rocAuc(scores, labels), 12);
      expect(ap).toBeCloseTo(averagePrecision(scores, labels), 12);
    }
  });
});

describe('normalise', () => {
  const run = { scores: Float64Array.of(0, 0.1, 0.1, 0.4, 1), threshold: 0.1 };

  it('maps ranks onto the empirical CDF and the threshold along', () => {
    const rank = normalise(run, 'rank');
    expect(Array.from(rank.scores)).toEqual([0.2, 0.6, 0.6, 0.8, 1]);
    expect(rank.threshold).toBe(0.6);
  });

  it('standardizes to mean 0 and sd 1, a constant member to 0', () => {
    const z = normalise(run, 'standardized');
    expect(z.scores.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    expect(z.scores.reduce((a, b) => a + b * b, 0) / 5).toBeCloseTo(1, 12);
    expect(
      Array.from(normalise({ scores: Float64Array.of(2, 2), threshold: 2 }, 'standardized').scores),
    ).toEqual([0, 0]);
  });

  it('keeps minmax as it is', () => {
    expect(normalise(run, 'minmax')).toBe(run);
  });
});

describe('candidateGrid', () => {
  it('covers every member set once per combination and normalisation, majority_vote once', () => {
    const grid = candidateGrid(['a', 'b', 'c'], 3);
    // 4 member sets (ab, ac, bc, abc) × (3 combinations × 3 normalisations + majority_vote).
    expect(grid).toHaveLength(40);
    expect(new Set(grid.map(candidateName)).size).toBe(40);
    expect(candidateName(grid[0]!)).toBe('a+b (average, minmax)');
    expect(grid.filter((c) => c.combination === 'majority_vote').map(candidateName)).toContain(
      'a+b+c (majority_vote)',
    );
  });
});

describe('selectCandidate', () => {
  const table: Record<string, number[]> = {
    forest: [0.9, 0.8, 0.7],
    ecod: [0.95, 0.7, 0.72],
    steady: [0.94, 0.81, 0.72],
    spiky: [0.99, 0.75, 0.9],
    weak: [0.5, 0.5, 0.5],
  };
  const sets = ['s0', 's1', 's2'];
  const measured = (name: string, d: string): Measured => ({ auc: table[name]![sets.indexOf(d)]!, ap: 0 });

  it('picks the best single by mean AUC', () => {
    expect(bestSingle(['forest', 'ecod'], measured, sets)).toBe('forest');
    expect(bestSingle(['forest', 'ecod'], measured, ['s0', 's2'])).toBe('ecod');
  });

  it('refuses a higher mean bought with a fall far below the reference on one set', () => {
    // spiky has the highest mean but is 0.05 below the forest on s1; steady stays within 0.02 of the better of forest and ECOD.
    const chosen = selectCandidate(['spiky', 'steady'], measured, sets, ['forest', 'ecod'], 0.02);
    expect(chosen).toMatchObject({ name: 'steady', admissible: true });
    expect(selectCandidate(['spiky', 'steady'], measured, sets, ['forest'], 0.1).name).toBe('spiky');
  });

  it('takes the smallest worst shortfall, marked inadmissible, when nothing qualifies', () => {
    const chosen = selectCandidate(['weak', 'spiky'], measured, sets, ['forest', 'ecod'], 0.02);
    expect(chosen).toMatchObject({ name: 'spiky', admissible: false });
    expect(chosen.worstGap).toBeCloseTo(-0.05, 12);
  });
});

import { describe, expect, it } from 'vitest';
import type { Finding } from './findings';
import { assessConfidence, rateSeverity } from './scoring';
import { extractSignals } from './signals';
import { rowAnomaly, seedAnomaly } from './testing/fixtures';
import { classifyThreat } from './threats';

const finding = (weight: number, strong: boolean): Finding => ({
  key: 'volume',
  weight,
  strong,
  reasoning: '',
  indicators: [],
});

describe('rateSeverity', () => {
  it('forces critical for >=50x volume + off-hours + external origin even on a weak score', () => {
    const rating = rateSeverity(0.1, [], extractSignals(seedAnomaly()));
    expect(rating).toMatchObject({ severity: 'critical', score: 9, criticalPattern: true });
  });

  it('floors a >=0.6 score with one strong finding at high, but not a weaker score', () => {
    const s = extractSignals(rowAnomaly({}));
    expect(rateSeverity(0.6, [finding(0.1, true)], s).severity).toBe('high');
    expect(rateSeverity(0.59, [finding(0.1, true)], s).severity).not.toBe('high');
  });

  it('grows monotonically with the anomaly score and with findings', () => {
    const s = extractSignals(rowAnomaly({}));
    const scores = [0, 0.25, 0.5, 0.75, 1].map((x) => rateSeverity(x, [finding(1, false)], s).score);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    expect(rateSeverity(0.5, [finding(1, false)], s).score).toBeGreaterThan(rateSeverity(0.5, [], s).score);
  });
});

describe('assessConfidence', () => {
  it('sends a critical row the rules could not classify to a human', () => {
    const s = extractSignals(rowAnomaly({}));
    const threat = classifyThreat(s);
    expect(threat.kind).toBe('unclassified');
    const many = Array.from({ length: 6 }, () => finding(1, true));
    const context = { ...s, rolesRecognised: 6 };
    expect(assessConfidence(1, many, threat, context, 'critical').requires_human_review).toBe(true);
    expect(assessConfidence(1, many, threat, context, 'high').requires_human_review).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import type { EvidenceClass, Finding, Level } from './findings';
import { assessConfidence, rateSeverity } from './scoring';
import { extractSignals } from './signals';
import { rowAnomaly } from './testing/fixtures';
import { classifyThreat } from './threats';

const finding = (cls: EvidenceClass, level: Level, knownBad = false): Finding => ({
  key: 'volume',
  class: cls,
  level,
  knownBad,
  reasoning: '',
  indicators: [],
});

describe('rateSeverity', () => {
  it('keeps one unusual value, however strong, at medium', () => {
    expect(rateSeverity(0.95, [finding('volume', 'strong')]).severity).toBe('medium');
    expect(rateSeverity(0.95, [finding('volume', 'moderate'), finding('volume', 'strong')]).severity).toBe(
      'medium',
    );
  });

  it('needs two independent signals, or a known-bad pattern, for high', () => {
    expect(rateSeverity(0.6, [finding('volume', 'moderate'), finding('timing', 'moderate')]).severity).toBe(
      'high',
    );
    expect(rateSeverity(0.6, [finding('authentication', 'strong', true)]).severity).toBe('high');
  });

  it('does not count context as corroboration', () => {
    const context = [finding('origin', 'context'), finding('data', 'context'), finding('action', 'context')];
    expect(rateSeverity(0.6, [finding('volume', 'moderate'), ...context]).severity).toBe('medium');
    expect(rateSeverity(0.5, context).severity).toBe('low');
  });

  it('rates critical only a known-bad pattern with two more independent signals', () => {
    const two = [finding('timing', 'moderate'), finding('origin', 'moderate')];
    expect(
      rateSeverity(0.7, [finding('network', 'strong', true), finding('timing', 'moderate')]).severity,
    ).toBe('high');
    expect(rateSeverity(0.7, [finding('network', 'strong', true), ...two]).severity).toBe('critical');
  });

  it('places the score inside the band and grows with the detector score', () => {
    const f = [finding('volume', 'moderate')];
    const scores = [0, 0.25, 0.5, 0.75].map((x) => rateSeverity(x, f).score);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    for (const s of scores) expect(s).toBeGreaterThanOrEqual(3.5);
    for (const s of scores) expect(s).toBeLessThan(6);
  });
});

describe('assessConfidence', () => {
  it('sends everything below critical, and unclassified critical rows, to a human', () => {
    const s = extractSignals(rowAnomaly({}));
    const threat = classifyThreat(s);
    expect(threat.kind).toBe('unclassified');
    const many = Array.from({ length: 6 }, () => finding('volume', 'strong'));
    const context = { ...s, rolesRecognised: 6 };
    expect(assessConfidence(1, many, threat, context, 'critical').requires_human_review).toBe(true);
    expect(assessConfidence(1, many, threat, context, 'high').requires_human_review).toBe(true);
  });
});

import type { AnomalyRecord, FeedbackState, SuppressionRuleRecord } from '@pynomaly/store';
import { describe, expect, it } from 'vitest';
import { applyFeedback, suppressionRuleIdOf } from './feedback';

const signature = (id: string) => ({ id, schema_hash: 'h', entity: `ip:${id}`, pattern: 'incident:scan' });

const anomaly = (id: string, signatureId?: string) =>
  ({ id, ...(signatureId ? { signature: signature(signatureId) } : {}) }) as AnomalyRecord;

const rule = (signatureId: string) =>
  ({
    id: suppressionRuleIdOf('t1', signatureId),
    signature: signature(signatureId),
  }) as SuppressionRuleRecord;

function state(rules: string[], truePositives: Array<[string, string]> = []): FeedbackState {
  return { rules: new Map(rules.map((s) => [s, rule(s)])), truePositives: new Map(truePositives) };
}

describe('applyFeedback', () => {
  it('suppresses findings whose signature has a rule, with its id, and counts them per rule', () => {
    // Act
    const { anomalies, matches } = applyFeedback(
      [anomaly('a1', 's1'), anomaly('a2', 's2'), anomaly('a3', 's1'), anomaly('a4')],
      state(['s1']),
    );

    // Assess
    expect(anomalies.map((a) => [a.id, a.suppressed, a.suppression_rule_id])).toEqual([
      ['a1', true, rule('s1').id],
      ['a2', false, null],
      ['a3', true, rule('s1').id],
      ['a4', false, null],
    ]);
    expect([...matches]).toEqual([[rule('s1').id, 2]]);
  });

  it('marks findings seen before as true positives, and never suppresses them', () => {
    const { anomalies, matches } = applyFeedback(
      [anomaly('a1', 's1'), anomaly('a2', 's2')],
      state(['s1'], [['s1', 'r9']]),
    );
    expect(anomalies[0]).toMatchObject({
      suppressed: false,
      suppression_rule_id: null,
      seen_before_true_positive: true,
      true_positive_report_id: 'r9',
    });
    expect(anomalies[1]).toMatchObject({ suppressed: false, seen_before_true_positive: false });
    expect(matches.size).toBe(0);
  });

  it('gives each tenant its own rule ids for the same signature', () => {
    expect(suppressionRuleIdOf('t1', 's1')).not.toBe(suppressionRuleIdOf('t2', 's1'));
    expect(suppressionRuleIdOf('t1', 's1')).toBe(suppressionRuleIdOf('t1', 's1'));
  });
});

import { describe, expect, it } from 'vitest';
import { triageAnomaly } from './engine';
import { raiseForTruePositive } from './priority';
import { TriageSchema } from './schema';
import { seedAnomaly } from './testing/fixtures';

const now = new Date('2025-11-06T14:32:00Z');

describe('raiseForTruePositive', () => {
  it('raises the severity one level, the score to at least its band, and the floor with it', () => {
    // Prepare
    const engine = {
      ...triageAnomaly(seedAnomaly(), { now, similarIncidentsCount: 0 }),
      severity: 'medium' as const,
      severity_score: 4.2,
    };

    // Act
    const raised = raiseForTruePositive(engine, 'r9');

    // Assess
    expect(raised.severity).toBe('high');
    expect(raised.severity_score).toBe(6);
    expect(raised.provenance.severity_floor).toBe('high');
    expect(raised.reasoning.at(-1)).toBe(
      'Raised from medium to high: the same pattern from the same entity on this sheet schema was confirmed a true positive (report r9)',
    );
    expect(TriageSchema.safeParse(raised).success).toBe(true);
  });

  it('leaves a critical finding critical, saying it was seen before', () => {
    const engine = {
      ...triageAnomaly(seedAnomaly(), { now, similarIncidentsCount: 0 }),
      severity: 'critical' as const,
      severity_score: 9.1,
    };
    const raised = raiseForTruePositive(engine, null);
    expect(raised).toMatchObject({ severity: 'critical', severity_score: 9.1 });
    expect(raised.reasoning.at(-1)).toMatch(/confirmed a true positive; already critical$/);
  });
});

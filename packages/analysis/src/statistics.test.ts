import type { ReportRecord, Severity, Verdict } from '@pynomaly/store';
import { describe, expect, it } from 'vitest';
import { reportsByDay, verdictStatistics } from './statistics';

const report = (severity: Severity, verdict: Verdict | null, analyst_severity: Severity | null = null) =>
  ({ severity, verdict, analyst_severity }) as ReportRecord;

describe('verdictStatistics', () => {
  it('is null where nothing has a verdict yet', () => {
    expect(verdictStatistics([report('high', null)])).toEqual({
      by_verdict: { true_positive: 0, false_positive: 0, benign: 0, none: 1 },
      analyst_agreement_rate: null,
      precision_by_severity: { critical: null, high: null, medium: null, low: null },
    });
  });

  it('agrees only on true positives left at the engine severity, and counts precision per engine severity', () => {
    // Prepare
    const reports = [
      report('critical', 'true_positive'), // agrees
      report('critical', 'true_positive', 'critical'), // agrees: the same severity
      report('critical', 'true_positive', 'high'), // a true positive rated lower: disagrees
      report('critical', 'false_positive'), // disagrees
      report('high', 'false_positive'), // disagrees
      report('high', 'benign'), // disagrees, and counts in no precision
      report('medium', 'true_positive'), // agrees
      report('low', null), // no verdict: left out
    ];

    // Act
    const stats = verdictStatistics(reports);

    // Assess
    expect(stats.by_verdict).toEqual({ true_positive: 4, false_positive: 2, benign: 1, none: 1 });
    expect(stats.analyst_agreement_rate).toBe(0.4286); // 3 of 7
    expect(stats.precision_by_severity).toEqual({ critical: 0.75, high: 0, medium: 1, low: null });
  });
});

describe('reportsByDay', () => {
  const at = (severity: Severity, created_at: string) => ({ severity, created_at }) as ReportRecord;

  it('counts each UTC day of the window by severity, with the empty days, oldest first', () => {
    // Prepare
    const now = new Date('2026-12-03T10:00:00Z');
    const reports = [
      at('critical', '2026-12-03T00:00:00.000Z'),
      at('low', '2026-12-03T09:59:00.000Z'),
      at('high', '2026-12-01T23:59:59.999Z'),
      at('medium', '2026-11-30T00:00:00.000Z'), // the day before the window: left out
    ];

    // Act
    const days = reportsByDay(reports, now, 3);

    // Assess
    expect(days).toEqual([
      { date: '2026-12-01', critical: 0, high: 1, medium: 0, low: 0 },
      { date: '2026-12-02', critical: 0, high: 0, medium: 0, low: 0 },
      { date: '2026-12-03', critical: 1, high: 0, medium: 0, low: 1 },
    ]);
  });
});

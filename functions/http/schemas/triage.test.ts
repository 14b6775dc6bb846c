import { describe, expect, it } from 'vitest';
import { newReportBody, reportChangesBody } from './triage';

describe('reportChangesBody', () => {
  it('takes a verdict with its reason, and the analyst corrections', () => {
    expect(
      reportChangesBody.parse({
        verdict: 'false_positive',
        verdict_reason: ' Backup job ',
        analyst_severity: 'low',
        analyst_threat_type: null,
      }),
    ).toEqual({
      verdict: 'false_positive',
      verdict_reason: 'Backup job',
      analyst_severity: 'low',
      analyst_threat_type: null,
    });
    expect(reportChangesBody.parse({})).toEqual({});
  });

  it('refuses a verdict without its reason, a reason without a verdict, and unknown fields', () => {
    const issues = (body: unknown) =>
      reportChangesBody.safeParse(body).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ verdict: 'benign' })).toEqual(['verdict_reason']);
    expect(issues({ verdict: 'benign', verdict_reason: '  ' })).toEqual(['verdict_reason']);
    expect(issues({ verdict_reason: 'why' })).toEqual(['verdict']);
    expect(issues({ verdict: 'maybe', verdict_reason: 'why' })).toEqual(['verdict']);
    expect(reportChangesBody.safeParse({ severity: 'low' }).success).toBe(false);
    expect(reportChangesBody.safeParse({ analyst_severity: 'severe' }).success).toBe(false);
  });

  it('leaves verdicts out of a new report', () => {
    expect(
      newReportBody.safeParse({ anomaly_id: 'a1', verdict: 'benign', verdict_reason: 'x' }).success,
    ).toBe(false);
  });
});

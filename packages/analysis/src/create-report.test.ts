import { ConflictError, type Principal, RateLimitError } from '@pynomaly/core';
import type { AnomalyRepository, DatasetRepository, ReportRecord, ReportRepository } from '@pynomaly/store';
import type { TriageNarrator } from '@pynomaly/triage';
import { describe, expect, it } from 'vitest';
import { seedAnomaly } from '../../triage/src/testing/fixtures';
import { createReport } from './reports';

const principal = { tenantId: 't1', userId: 'u1' } as Principal;

/** Stores holding the seed anomaly, and a report for it when `existing`. */
function deps(narrator: TriageNarrator, existing = false) {
  const created: ReportRecord[] = [];
  return {
    created,
    deps: {
      anomalies: { get: async () => ({ ...seedAnomaly(), user_id: 'u1' }) } as unknown as AnomalyRepository,
      datasets: { get: async () => ({ original_filename: 'logs.xlsx' }) } as unknown as DatasetRepository,
      reports: {
        find: async () => (existing ? ({ id: 'r' } as ReportRecord) : undefined),
        create: async (r: ReportRecord) => {
          created.push(r);
          return r;
        },
      } as unknown as ReportRepository,
      narrator,
    },
  };
}

describe('createReport', () => {
  it('stores what the narrator wrote, with the processing time measured', async () => {
    const narrator: TriageNarrator = {
      narrate: async (_a, rules) => {
        await new Promise((r) => setTimeout(r, 20));
        return {
          ...rules,
          generated_by: 'model-x',
          threat_context: { ...rules.threat_context, threat_type: 'Lateral Movement' },
        };
      },
    };
    const { deps: d, created } = deps(narrator);

    const report = await createReport(principal, { anomaly_id: 'a1' }, d);

    expect(created).toHaveLength(1);
    expect(report.threat_type).toBe('Lateral Movement');
    expect(report.triage).toMatchObject({ generated_by: 'model-x' });
    expect(
      (report.triage as { processing_time_seconds: number }).processing_time_seconds,
    ).toBeGreaterThanOrEqual(0.015);
  });

  it('answers 409 for an anomaly with a report before calling the model', async () => {
    let called = false;
    const narrator: TriageNarrator = {
      narrate: async (_a, rules) => {
        called = true;
        return rules;
      },
    };
    const { deps: d } = deps(narrator, true);

    await expect(createReport(principal, { anomaly_id: 'a1' }, d)).rejects.toBeInstanceOf(ConflictError);
    expect(called).toBe(false);
  });

  it('passes on a spent token budget as 429', async () => {
    const spent: TriageNarrator = {
      narrate: async () => {
        throw new RateLimitError('Model triage budget of 10 tokens per day exhausted', 60);
      },
    };
    const { deps: d, created } = deps(spent);

    await expect(createReport(principal, { anomaly_id: 'a1' }, d)).rejects.toMatchObject({
      statusCode: 429,
      headers: { 'Retry-After': '60' },
    });
    expect(created).toEqual([]);
  });
});

import type { Principal } from '@pynomaly/core';
import type { AnomalyRepository, ReportRecord, ReportRepository } from '@pynomaly/store';
import { describe, expect, it } from 'vitest';
import { updateReport } from './reports';

const principal = { tenantId: 't1', userId: 'u1' } as Principal;
const stored = { id: 'r1', status: 'triaged', anomaly_id: 'a1', assigned_to: null } as ReportRecord;

/** A report store that records the updates it is asked for. */
function stores() {
  const updates: Array<Partial<ReportRecord>> = [];
  const anomalyUpdates: unknown[] = [];
  return {
    updates,
    anomalyUpdates,
    deps: {
      reports: {
        get: async () => stored,
        update: async (_t: string, _id: string, patch: Partial<ReportRecord>) => {
          updates.push(patch);
          return { ...stored, ...patch };
        },
      } as unknown as ReportRepository,
      anomalies: {
        update: async (...args: unknown[]) => void anomalyUpdates.push(args),
      } as unknown as AnomalyRepository,
    },
  };
}

describe('updateReport', () => {
  it('answers the report unchanged for nothing to change, writing nothing', async () => {
    const { deps, updates } = stores();
    expect(await updateReport(principal, 'r1', {}, deps)).toBe(stored);
    expect(await updateReport(principal, 'r1', { status: undefined }, deps)).toBe(stored);
    expect(updates).toEqual([]);
  });

  it('writes what changes, with the timestamps a status sets, and closes the anomaly it resolves', async () => {
    const { deps, updates, anomalyUpdates } = stores();
    const updated = await updateReport(principal, 'r1', { status: 'resolved', assigned_to: 'sec' }, deps);
    expect(updated).toMatchObject({ status: 'resolved', assigned_to: 'sec' });
    expect(updates[0]).toMatchObject({
      status: 'resolved',
      assigned_to: 'sec',
      resolved_at: expect.any(String),
    });
    expect(anomalyUpdates).toEqual([['t1', 'a1', { status: 'resolved' }]]);
  });
});

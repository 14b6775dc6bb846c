import { describe, expect, it } from 'vitest';
import { alertTriggeredEvent, broadcastAlert } from './alerts';
import type { AlertMessage, LiveReply } from './messages';

const detail = {
  version: 1 as const,
  tenant_id: 't1',
  dataset_id: 'd1',
  anomaly_id: 'a1',
  report_id: 'r1',
  severity: 'critical' as const,
  score: 0.93,
  threshold: 3,
  triggered_at: '2026-12-03T12:00:00.000Z',
};

/** Connections of two tenants; `c-gone` has closed without its `$disconnect` yet. */
function setup() {
  const open: Record<string, string[]> = { t1: ['c1', 'c-gone'], t2: ['c2'] };
  const deleted: string[] = [];
  const sent: Array<[string, LiveReply | AlertMessage]> = [];
  const deps = {
    connections: {
      listOpen: async (tenant: string) => open[tenant] ?? [],
      delete: async (id: string) => void deleted.push(id),
    },
    poster: {
      send: async (id: string, message: LiveReply | AlertMessage) => {
        if (id === 'c-gone') return false;
        sent.push([id, message]);
        return true;
      },
    },
  };
  return { deps, deleted, sent };
}

describe('broadcastAlert', () => {
  it("posts the alert, less its tenant, to the tenant's open connections only, and forgets the gone", async () => {
    // Prepare
    const { deps, deleted, sent } = setup();

    // Act
    const outcome = await broadcastAlert(detail, deps);

    // Assess
    const { tenant_id: _, ...data } = detail;
    expect(sent).toEqual([['c1', { type: 'alert', data }]]);
    expect(deleted).toEqual(['c-gone']);
    expect(outcome).toEqual({ sent: 1, gone: 1 });
  });

  it('reads the alert.triggered event the rule delivers, and nothing else', () => {
    const event = { 'detail-type': 'alert.triggered', source: 'pynomaly.analysis', id: 'e1', detail };
    expect(alertTriggeredEvent.parse(event).detail).toEqual(detail);
    expect(alertTriggeredEvent.safeParse({ ...event, 'detail-type': 'report.triaged' }).success).toBe(false);
  });
});

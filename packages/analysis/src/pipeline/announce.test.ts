import type { ProductEventDefinition, SeverityLevel } from '@pynomaly/core';
import type { ReportRecord } from '@pynomaly/store';
import { describe, expect, it } from 'vitest';
import { announceTriage } from './announce';

const report = (severity: SeverityLevel): ReportRecord => ({
  id: 'r1',
  tenant_id: 't1',
  user_id: 'u1',
  dataset_id: 'd1',
  dataset_filename: 'logs.xlsx',
  anomaly_id: 'a1',
  anomaly_score: 0.91,
  severity,
  threat_type: 'brute_force',
  triage: null,
  status: 'triaged',
  assigned_to: null,
  resolution_notes: null,
  user_feedback: null,
  created_at: '2026-12-03T12:00:00.000Z',
  triaged_at: '2026-12-03T12:00:01.000Z',
  reviewed_at: null,
  resolved_at: null,
});

/** A bus that keeps what it is given, each detail checked against its contract. */
function setup(minSeverity: SeverityLevel) {
  const published: Array<[string, Record<string, unknown>]> = [];
  const deps = {
    events: {
      publish: async (definition: ProductEventDefinition, detail: unknown) =>
        void published.push([
          definition.detailType,
          definition.schema.parse(detail) as Record<string, unknown>,
        ]),
    },
    settings: {
      alerts: async () => ({ min_severity: minSeverity, updated_at: null, updated_by: null }),
    },
  };
  return { deps, published };
}

describe('announceTriage', () => {
  it('announces the report, and an alert carrying the threshold rank when its severity reaches it', async () => {
    // Prepare
    const { deps, published } = setup('high');

    // Act
    const outcome = await announceTriage(report('critical'), deps);

    // Assess
    expect(outcome).toEqual({ alerted: true });
    expect(published).toEqual([
      [
        'report.triaged',
        {
          version: 1,
          tenant_id: 't1',
          dataset_id: 'd1',
          report_id: 'r1',
          anomaly_id: 'a1',
          severity: 'critical',
          threat_type: 'brute_force',
          triaged_at: '2026-12-03T12:00:01.000Z',
        },
      ],
      [
        'alert.triggered',
        {
          version: 1,
          tenant_id: 't1',
          dataset_id: 'd1',
          anomaly_id: 'a1',
          report_id: 'r1',
          severity: 'critical',
          score: 0.91,
          threshold: 3,
          triggered_at: expect.any(String),
        },
      ],
    ]);
  });

  it.each([
    ['high', 'high', true],
    ['high', 'medium', false],
    ['low', 'low', true],
    ['critical', 'high', false],
  ] as const)('with a %s threshold, a %s finding alerts: %s', async (threshold, severity, alerted) => {
    const { deps, published } = setup(threshold);
    expect(await announceTriage(report(severity), deps)).toEqual({ alerted });
    expect(published.map(([type]) => type)).toEqual(
      alerted ? ['report.triaged', 'alert.triggered'] : ['report.triaged'],
    );
  });
});

import type { Principal, ProductEventDefinition } from '@pynomaly/core';
import type {
  BlobStore,
  DetectionRecord,
  DetectionRepository,
  DetectorRecord,
  TabularDatasetRepository,
} from '@pynomaly/store';
import { describe, expect, it } from 'vitest';
import { announceTraining } from './announce';
import { runQueuedDetection } from './async-detection';
import { detect } from './detection';

const principal: Principal = {
  tenantId: 't1',
  userId: 'u1',
  username: 'alice',
  role: 'analyst',
  scopes: [],
  tier: 'user',
  via: 'jwt',
};

/** Detections kept as the conditional write keeps them, and a bus that checks each contract. */
function fakes() {
  const detections = new Map<string, DetectionRecord>();
  const published: Array<[string, Record<string, unknown>]> = [];
  const deps = {
    detections: {
      putFinished: async (r: DetectionRecord) => {
        const stored = detections.get(r.id);
        if (stored && stored.status !== 'running') return false;
        detections.set(r.id, r);
        return true;
      },
    } as unknown as DetectionRepository,
    datasets: {} as TabularDatasetRepository,
    blobs: { put: async () => undefined, deleteKeys: async () => undefined } as unknown as BlobStore,
    events: {
      publish: async (definition: ProductEventDefinition, detail: unknown) =>
        void published.push([
          definition.detailType,
          definition.schema.parse(detail) as Record<string, unknown>,
        ]),
    },
  };
  return { deps, detections, published };
}

const rows = (n: number) => Array.from({ length: n }, (_, i) => [Math.sin(i * 7.1), i === 7 ? 40 : 0]);

describe('detection.completed', () => {
  it('is published for each stored run, with its figures', async () => {
    // Prepare
    const { deps, published } = fakes();

    // Act
    const { record } = await detect(principal, { algorithm: 'zscore', data: rows(100) }, deps);

    // Assess
    expect(published).toEqual([
      [
        'detection.completed',
        {
          version: 1,
          tenant_id: 't1',
          result_id: record.id,
          detector_id: null,
          dataset_id: null,
          n_samples: 100,
          n_anomalies: record.anomaly_count,
          completed_at: record.completed_at,
        },
      ],
    ]);
    expect(record.anomaly_count).toBeGreaterThan(0);
  });

  it('is published once for a queued run whose task is retried after it completed', async () => {
    // Prepare
    const { deps, detections, published } = fakes();
    detections.set('det_1', { id: 'det_1', status: 'running' } as DetectionRecord);
    const input = {
      tenant_id: 't1',
      user_id: 'u1',
      detection_id: 'det_1',
      request: { algorithm: 'zscore', data: rows(50) },
    };

    // Act
    await runQueuedDetection(input, deps);
    await runQueuedDetection(input, deps);

    // Assess
    expect(published.map(([type, detail]) => [type, detail.result_id])).toEqual([
      ['detection.completed', 'det_1'],
    ]);
    expect(detections.get('det_1')?.status).toBe('completed');
  });
});

describe('training.completed', () => {
  it('names the trained detector as its own model', async () => {
    const { deps, published } = fakes();
    const trained = {
      id: 'det1',
      tenant_id: 't1',
      algorithm: 'isolation_forest',
      dataset_id: 'ds1',
      trained_at: '2026-12-03T12:00:00.000Z',
    } as DetectorRecord;
    await announceTraining(trained, deps);
    expect(published).toEqual([
      [
        'training.completed',
        {
          version: 1,
          tenant_id: 't1',
          detector_id: 'det1',
          model_id: 'det1',
          dataset_id: 'ds1',
          algorithm: 'isolation_forest',
          completed_at: '2026-12-03T12:00:00.000Z',
        },
      ],
    ]);
  });
});

import type { ProductEventDefinition } from '@pynomaly/core';
import type { DatasetRecord, DatasetRepository } from '@pynomaly/store';
import { describe, expect, it } from 'vitest';
import { registerDataset } from './register';

const facts = {
  tenantId: 't1',
  userId: 'u1',
  datasetId: 'd1',
  key: 'uploads/form/t1/d1',
  size: 10,
  originalFilename: 'notes.txt',
  contentType: 'text/plain',
  uploadedAt: '2026-12-03T12:00:00.000Z',
};

/** A dataset store that records once, as the conditional transaction does. */
function datasets() {
  let stored: DatasetRecord | undefined;
  return {
    register: async (dataset: DatasetRecord) => {
      if (stored) return { dataset: stored, created: false };
      stored = dataset;
      return { dataset, created: true };
    },
  } as unknown as DatasetRepository;
}

describe('registerDataset', () => {
  it('announces a rejected dataset once, from the call that recorded it', async () => {
    // Prepare
    const published: Array<[string, unknown]> = [];
    const events = {
      publish: async (definition: ProductEventDefinition, detail: unknown) =>
        void published.push([definition.detailType, definition.schema.parse(detail)]),
    };
    const store = datasets();
    const rejection = { reason: 'Only .xlsx workbooks are accepted', events };

    // Act
    const first = await registerDataset(facts, store, rejection);
    await registerDataset(facts, store, rejection);

    // Assess
    expect(first.status).toBe('rejected');
    expect(published).toEqual([
      [
        'dataset.failed',
        {
          version: 1,
          tenant_id: 't1',
          dataset_id: 'd1',
          session_id: first.session_id,
          error_message: 'Only .xlsx workbooks are accepted',
          failed_at: expect.any(String),
        },
      ],
    ]);
  });

  it('announces nothing for a dataset that will be analysed', async () => {
    expect((await registerDataset(facts, datasets())).status).toBe('uploaded');
  });
});

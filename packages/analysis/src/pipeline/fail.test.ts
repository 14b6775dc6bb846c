import type { ProductEventDefinition } from '@pynomaly/core';
import type { DatasetRepository, SessionRepository } from '@pynomaly/store';
import { describe, expect, it } from 'vitest';
import { failStep } from './fail';

/** Stores whose dataset is still running the first time and has ended after. */
function stores() {
  let running = true;
  return {
    datasets: {
      updateWhileRunning: async () => {
        const was = running;
        running = false;
        return was;
      },
    } as unknown as DatasetRepository,
    sessions: { updateWhileRunning: async () => true } as unknown as SessionRepository,
  };
}

describe('failStep', () => {
  it('announces dataset.failed once, from the call that failed the dataset', async () => {
    // Prepare
    const published: Array<[string, unknown]> = [];
    const events = {
      publish: async (definition: ProductEventDefinition, detail: unknown) =>
        void published.push([definition.detailType, definition.schema.parse(detail)]),
    };
    const deps = { ...stores(), events };
    const input = {
      tenant_id: 't1',
      dataset_id: 'd1',
      session_id: 's1',
      key: 'staging/t1/d1.xlsx',
      error: { Error: 'WorkbookEmptyError', Cause: '{"errorMessage":"The workbook has no data"}' },
    };

    // Act
    await failStep(input, deps);
    await failStep(input, deps);

    // Assess
    expect(published).toEqual([
      [
        'dataset.failed',
        {
          version: 1,
          tenant_id: 't1',
          dataset_id: 'd1',
          session_id: 's1',
          error_message: 'The workbook has no data',
          failed_at: expect.any(String),
        },
      ],
    ]);
  });
});

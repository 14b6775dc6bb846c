import { resetEmfMetrics } from '@pynomaly/core';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { stepHandler } from './task-handler';

const context = { awsRequestId: 'aws-1', functionName: 'f' } as Context;

describe('stepHandler', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetEmfMetrics();
  });

  it('emits a failure metric by task and rethrows', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    vi.stubEnv('TASK_NAME', 'Detect');
    resetEmfMetrics();
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const handler = stepHandler(z.object({ key: z.string() }), async () => ({ anomaly_count: 2 }));
    try {
      await expect(handler({ key: 'k' }, context)).resolves.toEqual({ anomaly_count: 2 });
      await expect(handler({ nope: 1 }, context)).rejects.toThrow(/Malformed step input/);
    } finally {
      write.mockRestore();
    }
    const emf = lines.filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line));
    expect(emf).toMatchObject([
      { task: 'Detect', DatasetsAnalysed: 1, AnomaliesFound: 2 },
      { task: 'Detect', TaskFailures: 1 },
    ]);
  });
});

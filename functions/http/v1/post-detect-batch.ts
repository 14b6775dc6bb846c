import {
  answer,
  httpHandler,
  NotFoundError,
  newId,
  parseJsonBody,
  principalOf,
  ValidationError,
  WorkTooLargeError,
} from '@pynomaly/core';
import { detect, REQUEST_WORK_SECONDS, WorkBudget } from '@pynomaly/platform';
import type { z } from 'zod';
import {
  detectBatchAnswer,
  detectBatchBody,
  type detectBatchEntryAnswer,
  detectBody,
} from '../schemas/detection';
import { announcing, platformDeps } from './deps';

const deps = { ...platformDeps(), ...announcing() };

type BatchEntry = z.input<typeof detectBatchEntryAnswer>;

/**
 * Several detections in one call (seed 000/002): each entry names a dataset or carries data,
 * and may set its own algorithm. One entry's bad input fails only that entry, as does one
 * whose work no longer fits what the request has left to spend.
 */
export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const request = parseJsonBody(event, detectBatchBody);
  const batchId = `batch_${newId()}`;
  const budget = new WorkBudget(REQUEST_WORK_SECONDS);
  const runOne = async (entry: Record<string, unknown>, i: number): Promise<BatchEntry> => {
    const parsed = detectBody.safeParse({
      algorithm: request.algorithm,
      parameters: request.parameters,
      ...entry,
      name: undefined,
    });
    const name = typeof entry.name === 'string' ? entry.name : null;
    // A failed entry echoes the dataset it named, when it named one.
    const namedDataset = typeof entry.dataset_id === 'string' ? entry.dataset_id : null;
    if (!parsed.success)
      return {
        index: i,
        name,
        dataset_id: namedDataset,
        status: 'failed',
        error: parsed.error.issues[0]?.message ?? 'Invalid entry',
      };
    try {
      const { record } = await detect(principal, parsed.data, deps, { batchId, budget });
      return {
        index: i,
        name,
        dataset_id: record.dataset_id,
        detection_id: record.id,
        status: 'completed',
        algorithm: record.algorithm,
        anomaly_count: record.anomaly_count,
        anomaly_rate: record.anomaly_rate,
      };
    } catch (error) {
      if (
        !(
          error instanceof ValidationError ||
          error instanceof NotFoundError ||
          error instanceof WorkTooLargeError
        )
      )
        throw error;
      return {
        index: i,
        name,
        dataset_id: namedDataset,
        status: 'failed',
        error: (error as Error).message,
      };
    }
  };
  const results = request.parallel
    ? await Promise.all(request.datasets.map(runOne))
    : await request.datasets.reduce<Promise<Awaited<ReturnType<typeof runOne>>[]>>(
        async (done, entry, i) => [...(await done), await runOne(entry, i)],
        Promise.resolve([]),
      );
  return answer(200, detectBatchAnswer, { batch_id: batchId, results });
});

import {
  httpHandler,
  json,
  NotFoundError,
  newId,
  parseJsonBody,
  principalOf,
  ValidationError,
  WorkTooLargeError,
} from '@pynomaly/core';
import { detect, REQUEST_WORK_SECONDS, WorkBudget } from '@pynomaly/platform';
import { detectBatchBody, detectBody } from '../schemas/detection';
import { announcing, platformDeps } from './deps';

const deps = { ...platformDeps(), ...announcing() };

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
  const runOne = async (entry: Record<string, unknown>, i: number) => {
    const parsed = detectBody.safeParse({
      algorithm: request.algorithm,
      parameters: request.parameters,
      ...entry,
      name: undefined,
    });
    const name = typeof entry.name === 'string' ? entry.name : null;
    if (!parsed.success)
      return {
        index: i,
        name,
        dataset_id: entry.dataset_id ?? null,
        status: 'failed',
        error: parsed.error.issues[0]?.message,
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
        dataset_id: entry.dataset_id ?? null,
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
  return json(200, { batch_id: batchId, results });
});

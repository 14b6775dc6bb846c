import { answer, httpHandler } from '@pynomaly/core';
import { livenessAnswer } from './schemas/operations';

/** Liveness: polled by monitors, so it is never counted against anyone's budget. */
export const handler = httpHandler(
  async () =>
    answer(200, livenessAnswer, {
      status: 'healthy',
      service: 'anomaly-detection',
      timestamp: new Date().toISOString(),
    }),
  { budget: 'none' },
);

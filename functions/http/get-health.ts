import { httpHandler, json } from '@pynomaly/core';

/** Liveness: polled by monitors, so it is never counted against anyone's budget. */
export const handler = httpHandler(
  async () =>
    json(200, { status: 'healthy', service: 'anomaly-detection', timestamp: new Date().toISOString() }),
  { budget: 'none' },
);

import { httpHandler, json } from '@pynomaly/core';

export const handler = httpHandler(async () =>
  json(200, { status: 'healthy', service: 'anomaly-detection', timestamp: new Date().toISOString() }),
);

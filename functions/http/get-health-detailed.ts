import { httpHandler, json, systemStatus } from '@pynomaly/core';

const startedAt = Date.now();

/** Every dependency checked for real, with this instance's uptime. */
export const handler = httpHandler(async () => {
  const status = await systemStatus();
  return json(status.status === 'healthy' ? 200 : 503, {
    ...status,
    service: 'pynomaly',
    uptime_seconds: Math.round((Date.now() - startedAt) / 1000),
  });
});

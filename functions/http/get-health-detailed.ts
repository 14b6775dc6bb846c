import { answer, httpHandler, systemStatus } from '@pynomaly/core';
import { healthDetailedAnswer } from './schemas/operations';

const startedAt = Date.now();

/** Every dependency checked for real, with this instance's uptime. */
export const handler = httpHandler(async () => {
  const status = await systemStatus();
  return answer(status.status === 'healthy' ? 200 : 503, healthDetailedAnswer, {
    ...status,
    service: 'pynomaly',
    uptime_seconds: Math.round((Date.now() - startedAt) / 1000),
  });
});

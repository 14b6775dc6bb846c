import { httpHandler, json, systemStatus } from '@pynomaly/core';

export const handler = httpHandler(async () => {
  const status = await systemStatus();
  return json(status.status === 'healthy' ? 200 : 503, status);
});

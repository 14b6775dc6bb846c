import { httpHandler, json, systemStatus } from '@pynomaly/core';

export const handler = httpHandler(async () => {
  const { status, dependencies } = await systemStatus();
  return json(status === 'healthy' ? 200 : 503, { status, dependencies });
});

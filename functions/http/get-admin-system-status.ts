import { answer, httpHandler, systemStatus } from '@pynomaly/core';
import { systemStatusAnswer } from './schemas/operations';

export const handler = httpHandler(async () => {
  const status = await systemStatus();
  return answer(status.status === 'healthy' ? 200 : 503, systemStatusAnswer, status);
});

import { answer, httpHandler, systemStatus } from '@pynomaly/core';
import { healthDependenciesAnswer } from './schemas/operations';

export const handler = httpHandler(async () => {
  const { status, dependencies } = await systemStatus();
  return answer(status === 'healthy' ? 200 : 503, healthDependenciesAnswer, { status, dependencies });
});

import { ApiKeyRepository, apiKeyDocument } from '@pynomaly/auth';
import { answer, httpHandler, principalOf } from '@pynomaly/core';
import { apiKeyListAnswer } from './schemas/api-keys';

const keys = new ApiKeyRepository();

export const handler = httpHandler(async (event) =>
  answer(200, apiKeyListAnswer, (await keys.list(principalOf(event).tenantId)).map(apiKeyDocument)),
);

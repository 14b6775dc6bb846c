import { ApiKeyRepository, apiKeyDocument } from '@pynomaly/auth';
import { answer, httpHandler, pathParam, principalOf } from '@pynomaly/core';
import { apiKeyAnswer } from './schemas/api-keys';

const keys = new ApiKeyRepository();

export const handler = httpHandler(async (event) =>
  answer(
    200,
    apiKeyAnswer,
    apiKeyDocument(await keys.get(principalOf(event).tenantId, pathParam(event, 'id'))),
  ),
);

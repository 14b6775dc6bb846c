import { ApiKeyRepository, apiKeyDocument } from '@pynomaly/auth';
import { httpHandler, json, principalOf } from '@pynomaly/core';

const keys = new ApiKeyRepository();

export const handler = httpHandler(async (event) =>
  json(200, (await keys.list(principalOf(event).tenantId)).map(apiKeyDocument)),
);

import { ApiKeyRepository, apiKeyDocument } from '@pynomaly/auth';
import { httpHandler, json, pathParam, principalOf } from '@pynomaly/core';

const keys = new ApiKeyRepository();

export const handler = httpHandler(async (event) =>
  json(200, apiKeyDocument(await keys.get(principalOf(event).tenantId, pathParam(event, 'id')))),
);

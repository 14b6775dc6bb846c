import { ApiKeyRepository, AuditLog, apiKeyDocument } from '@pynomaly/auth';
import { answer, httpHandler, parseJsonBody, principalOf, sourceIp } from '@pynomaly/core';
import { apiKeyWithSecretAnswer, newApiKeyBody } from './schemas/api-keys';

const keys = new ApiKeyRepository();
const audit = new AuditLog();

/** A new API key: the secret is in this answer and nowhere else, ever. */
export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const { record, key } = await keys.create(principal, parseJsonBody(event, newApiKeyBody));
  await audit.record({
    action: 'api_key_created',
    actor: principal.username,
    target: record.id,
    detail: { name: record.name, scopes: record.scopes },
    source_ip: sourceIp(event),
  });
  return answer(201, apiKeyWithSecretAnswer, { ...apiKeyDocument(record), key });
});

import { ApiKeyRepository, AuditLog, apiKeyCaller, apiKeyDocument, UsageKeys } from '@pynomaly/auth';
import { answer, httpHandler, pathParam, principalOf, sourceIp } from '@pynomaly/core';
import { apiKeyAnswer } from './schemas/api-keys';

const keys = new ApiKeyRepository();
const usageKeys = new UsageKeys();
const audit = new AuditLog();

/** Revokes a key at once: the authorizer refuses it from the next request on; its usage-plan key goes. */
export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const revoked = await keys.revoke(principal.tenantId, pathParam(event, 'id'));
  await usageKeys.remove(apiKeyCaller(revoked.id));
  await audit.record({
    action: 'api_key_revoked',
    actor: principal.username,
    target: revoked.id,
    detail: {},
    source_ip: sourceIp(event),
  });
  return answer(200, apiKeyAnswer, apiKeyDocument(revoked));
});

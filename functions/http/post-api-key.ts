import { ApiKeyRepository, AuditLog, apiKeyDocument } from '@pynomaly/auth';
import { apiKeyScopes, httpHandler, json, parseJsonBody, principalOf, sourceIp } from '@pynomaly/core';
import { z } from 'zod';

const keys = new ApiKeyRepository();
const audit = new AuditLog();
const body = z
  .object({
    name: z.string().min(1).max(128),
    scopes: z.array(z.enum(apiKeyScopes)).min(1),
    expires_at: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict();

/** A new API key: the secret is in this answer and nowhere else, ever. */
export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const { record, key } = await keys.create(principal, parseJsonBody(event, body));
  await audit.record({
    action: 'api_key_created',
    actor: principal.username,
    target: record.id,
    detail: { name: record.name, scopes: record.scopes },
    source_ip: sourceIp(event),
  });
  return json(201, { ...apiKeyDocument(record), key });
});

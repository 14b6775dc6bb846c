import { AuditLog } from '@pynomaly/auth';
import { httpHandler, json, parseQuery } from '@pynomaly/core';
import { z } from 'zod';

const audit = new AuditLog();
const query = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  action: z
    .enum([
      'login',
      'login_failed',
      'logout',
      'mfa_enabled',
      'mfa_disabled',
      'api_key_created',
      'api_key_revoked',
      'user_created',
      'user_updated',
      'user_deleted',
      'role_changed',
      'registered',
    ])
    .optional(),
});

export const handler = httpHandler(async (event) => {
  const { limit, action } = parseQuery(event, query);
  return json(200, await audit.list(limit, action));
});

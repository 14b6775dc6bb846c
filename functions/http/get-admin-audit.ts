import { AuditLog } from '@pynomaly/auth';
import { httpHandler, json, parseQuery } from '@pynomaly/core';
import { auditQuery } from './schemas/admin';

const audit = new AuditLog();

export const handler = httpHandler(async (event) => {
  const { limit, action } = parseQuery(event, auditQuery);
  return json(200, await audit.list(limit, action));
});

import { AuditLog } from '@pynomaly/auth';
import { answer, httpHandler, parseQuery } from '@pynomaly/core';
import { auditListAnswer, auditQuery } from './schemas/admin';

const audit = new AuditLog();

export const handler = httpHandler(async (event) => {
  const { limit, action } = parseQuery(event, auditQuery);
  return answer(200, auditListAnswer, await audit.list(limit, action));
});

import { AuditLog, Users } from '@pynomaly/auth';
import { httpHandler, noContent, pathParam, principalOf, sourceIp } from '@pynomaly/core';

const users = new Users();
const audit = new AuditLog();

export const handler = httpHandler(async (event) => {
  const actor = principalOf(event);
  const username = pathParam(event, 'username');
  await users.remove(actor, username);
  await audit.record({
    action: 'user_deleted',
    actor: actor.username,
    target: username,
    detail: {},
    source_ip: sourceIp(event),
  });
  return noContent();
});

import { AuditLog, Users } from '@pynomaly/auth';
import { answer, httpHandler, parseJsonBody, pathParam, principalOf, sourceIp } from '@pynomaly/core';
import { userAnswer, userChangesBody } from './schemas/admin';

const users = new Users();
const audit = new AuditLog();

export const handler = httpHandler(async (event) => {
  const actor = principalOf(event);
  const changes = parseJsonBody(event, userChangesBody);
  const { user, roleChanged } = await users.update(actor, pathParam(event, 'username'), changes);
  await audit.record({
    action: roleChanged ? 'role_changed' : 'user_updated',
    actor: actor.username,
    target: user.username,
    detail: changes,
    source_ip: sourceIp(event),
  });
  return answer(200, userAnswer, user);
});

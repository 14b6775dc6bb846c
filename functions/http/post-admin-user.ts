import { AuditLog, Users } from '@pynomaly/auth';
import { answer, httpHandler, parseJsonBody, principalOf, sourceIp } from '@pynomaly/core';
import { newUserBody, userAnswer } from './schemas/admin';

const users = new Users();
const audit = new AuditLog();

export const handler = httpHandler(async (event) => {
  const actor = principalOf(event);
  const user = await users.create(parseJsonBody(event, newUserBody), { emailVerified: true });
  await audit.record({
    action: 'user_created',
    actor: actor.username,
    target: user.username,
    detail: { role: user.role },
    source_ip: sourceIp(event),
  });
  return answer(201, userAnswer, user);
});

import { AuditLog, Users } from '@pynomaly/auth';
import { answer, httpHandler, parseJsonBody, sourceIp } from '@pynomaly/core';
import { userAnswer } from './schemas/admin';
import { registerBody } from './schemas/auth';

const users = new Users();
const audit = new AuditLog();

/** Self-service sign-up: always an unprivileged viewer; administrators decide roles. */
export const handler = httpHandler(
  async (event) => {
    const request = parseJsonBody(event, registerBody);
    const user = await users.create({ ...request, role: 'viewer' });
    await audit.record({
      action: 'registered',
      actor: user.username,
      target: user.username,
      detail: {},
      source_ip: sourceIp(event),
    });
    return answer(201, userAnswer, user);
  },
  { budget: 'register' },
);

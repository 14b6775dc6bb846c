import { AuditLog, Users } from '@pynomaly/auth';
import { httpHandler, json, parseJsonBody, sourceIp } from '@pynomaly/core';
import { z } from 'zod';

const users = new Users();
const audit = new AuditLog();
const body = z
  .object({
    username: z.string().regex(/^[A-Za-z0-9._@+-]{3,128}$/, '3-128 letters, digits or . _ @ + -'),
    password: z.string().min(8).max(256),
    email: z.email().optional(),
  })
  .strict();

/** Self-service sign-up: always an unprivileged viewer; administrators decide roles. */
export const handler = httpHandler(async (event) => {
  const request = parseJsonBody(event, body);
  const user = await users.create({ ...request, role: 'viewer' });
  await audit.record({
    action: 'registered',
    actor: user.username,
    target: user.username,
    detail: {},
    source_ip: sourceIp(event),
  });
  return json(201, user);
});

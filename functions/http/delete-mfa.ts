import { AuditLog, Mfa } from '@pynomaly/auth';
import { bearerToken, httpHandler, json, principalOf, sourceIp } from '@pynomaly/core';

const mfa = new Mfa();
const audit = new AuditLog();

export const handler = httpHandler(async (event) => {
  const status = await mfa.disable(bearerToken(event));
  const { username } = principalOf(event);
  await audit.record({
    action: 'mfa_disabled',
    actor: username,
    target: username,
    detail: {},
    source_ip: sourceIp(event),
  });
  return json(200, status);
});

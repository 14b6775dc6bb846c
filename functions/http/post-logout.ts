import { Accounts, AuditLog, TokenDenylist } from '@pynomaly/auth';
import { httpHandler, json, parseJsonBody, principalOf, sourceIp } from '@pynomaly/core';
import { logoutBody } from './schemas/auth';

const accounts = new Accounts();
const denylist = new TokenDenylist();
const audit = new AuditLog();

/**
 * Ends the session for real: the refresh token is revoked at Cognito and the access token
 * (and every other one from the same sign-in) is refused by the authorizer until it expires.
 */
export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const { refresh_token: refreshToken } = parseJsonBody(event, logoutBody);
  const context = event.requestContext.authorizer ?? {};
  const tokenId = String(context.tokenId ?? '');
  if (tokenId) await denylist.add(tokenId, Number(context.tokenExpiresAt ?? 0));
  if (refreshToken) await accounts.revoke(refreshToken);
  await audit.record({
    action: 'logout',
    actor: principal.username,
    target: null,
    detail: {},
    source_ip: sourceIp(event),
  });
  return json(200, { logged_out: true, refresh_token_revoked: Boolean(refreshToken) });
});

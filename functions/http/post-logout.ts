import { Accounts, AuditLog, SignInSessions } from '@pynomaly/auth';
import { answer, httpHandler, parseJsonBody, principalOf, sourceIp } from '@pynomaly/core';
import { logoutAnswer, logoutBody } from './schemas/auth';

const accounts = new Accounts();
const sessions = new SignInSessions();
const audit = new AuditLog();

/**
 * Ends the sign-in for real, with or without its refresh token: the session is ended, so
 * every access token it issued is refused from the next request and its refresh token no
 * longer refreshes here; a refresh token sent along is also revoked at Cognito.
 */
export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const { refresh_token: refreshToken } = parseJsonBody(event, logoutBody);
  const sessionId = String(event.requestContext.authorizer?.sessionId ?? '');
  if (sessionId) await sessions.end(sessionId);
  if (refreshToken) await accounts.revoke(refreshToken);
  await audit.record({
    action: 'logout',
    actor: principal.username,
    target: null,
    detail: {},
    source_ip: sourceIp(event),
  });
  return answer(200, logoutAnswer, {
    logged_out: true,
    session_ended: Boolean(sessionId),
    refresh_token_revoked: true,
  });
});

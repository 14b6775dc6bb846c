import { Accounts, AuditLog, completeSignIn, SignInSessions, SmsMfa } from '@pynomaly/auth';
import { answer, httpHandler, parseJsonBody, RateLimiter, sourceIp } from '@pynomaly/core';
import { loginMfaBody, tokensAnswer } from './schemas/auth';

const deps = {
  accounts: new Accounts(),
  sms: new SmsMfa(),
  sessions: new SignInSessions(),
  limiter: new RateLimiter(),
};
const audit = new AuditLog();

/** The second step of an MFA sign-in: the challenge session and the code → tokens. */
export const handler = httpHandler(
  async (event) => {
    const request = parseJsonBody(event, loginMfaBody);
    const tokens = await completeSignIn(request, deps);
    await audit.record({
      action: 'login',
      actor: request.username,
      target: null,
      detail: { mfa: request.challenge },
      source_ip: sourceIp(event),
    });
    return answer(200, tokensAnswer, tokens);
  },
  { budget: 'sign_in' },
);

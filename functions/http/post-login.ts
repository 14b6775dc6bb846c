import { Accounts, AuditLog, SignInSessions, SmsMfa, signIn } from '@pynomaly/auth';
import { AppError, answer, httpHandler, parseJsonBody, RateLimiter, sourceIp } from '@pynomaly/core';
import { loginAnswer, loginBody } from './schemas/auth';

const deps = {
  accounts: new Accounts(),
  sms: new SmsMfa(),
  sessions: new SignInSessions(),
  limiter: new RateLimiter(),
};
const audit = new AuditLog();

/** Tokens, or `{ mfa_required, method, challenge, session }` to finish at /auth/mfa/verify. */
export const handler = httpHandler(
  async (event) => {
    const { username, password } = parseJsonBody(event, loginBody);
    try {
      const result = await signIn(username, password, deps);
      const action = 'mfa_required' in result ? 'login_mfa_challenge' : 'login';
      await audit.record({
        action: 'login',
        actor: username,
        target: null,
        detail: { step: action },
        source_ip: sourceIp(event),
      });
      return answer(200, loginAnswer, result);
    } catch (error) {
      if (error instanceof AppError && error.statusCode === 401) {
        await audit.record({
          action: 'login_failed',
          actor: username,
          target: null,
          detail: {},
          source_ip: sourceIp(event),
        });
      }
      throw error;
    }
  },
  { budget: 'sign_in' },
);

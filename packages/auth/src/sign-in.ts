import { AppError, FAILED_SIGN_INS_PER_USER, LOCKOUT_SECONDS, type RateLimiter } from '@pynomaly/core';
import type { Accounts, LoginResult, Tokens } from './login';
import { issuedClaims, type SignInSessions } from './sessions';
import type { SmsMfa } from './sms-mfa';

export interface SignInDeps {
  accounts: Accounts;
  sms: SmsMfa;
  sessions: SignInSessions;
  limiter: RateLimiter;
}

/**
 * Password sign-in with every second factor: Cognito's TOTP challenge passes through; a user
 * with SMS MFA gets our SMS challenge, the tokens held until the code is right. Tokens are
 * handed out only with their session recorded, which is what makes the authorizer accept them.
 */
export async function signIn(username: string, password: string, deps: SignInDeps): Promise<LoginResult> {
  // Five wrong passwords lock the username for the rest of a quarter hour, as Cognito does.
  const failures = `signin-fail:${username.toLowerCase()}`;
  await deps.limiter.check(failures, FAILED_SIGN_INS_PER_USER, LOCKOUT_SECONDS);
  let result: LoginResult;
  try {
    result = await deps.accounts.login(username, password);
  } catch (error) {
    if (error instanceof AppError && error.statusCode === 401)
      await deps.limiter.consume(failures, FAILED_SIGN_INS_PER_USER, LOCKOUT_SECONDS).catch(() => undefined);
    throw error;
  }
  if ('mfa_required' in result) return result;
  const { sub } = issuedClaims(result.access_token);
  const phone = await deps.sms.phoneOf(sub);
  if (!phone) {
    await deps.sessions.open(result);
    return result;
  }
  return {
    mfa_required: true,
    method: 'sms',
    challenge: 'SMS_MFA',
    session: await deps.sms.challenge(sub, phone, result),
  };
}

/** The second step, whichever factor the challenge was. */
export async function completeSignIn(
  request: { username: string; session: string; code: string; challenge: string },
  deps: SignInDeps,
): Promise<Tokens> {
  const tokens =
    request.challenge === 'SMS_MFA'
      ? await deps.sms.complete(request.session, request.code)
      : await deps.accounts.completeMfa(request);
  await deps.sessions.open(tokens);
  return tokens;
}

import {
  AppError,
  FAILED_SIGN_INS_PER_USER,
  LOCKOUT_SECONDS,
  MFA_SETUP_ADVICE,
  type RateLimiter,
  roleFromGroups,
  type Scope,
  scopesAwaitingMfa,
} from '@pynomaly/core';
import type { Accounts, MfaChallenge, Tokens } from './login';
import { issuedClaims, type SignInSessions } from './sessions';
import type { SmsMfa } from './sms-mfa';

export interface SignInDeps {
  accounts: Accounts;
  sms: SmsMfa;
  sessions: SignInSessions;
  limiter: RateLimiter;
}

/** What a password-only sign-in is told when the user's role grants scopes that need a second factor. */
export interface MfaSetupAdvice {
  mfa_setup_required: true;
  /** The scopes this sign-in lacks until the user signs in with a code. */
  scopes_awaiting_mfa: Scope[];
  warnings: string[];
}

/** Tokens (with the advice, for an administrator without MFA), or the challenge to answer. */
export type SignInResult = (Tokens & Partial<MfaSetupAdvice>) | MfaChallenge;

/** The advice for tokens of a sign-in without a second factor, if the user's role needs one anywhere. */
export function mfaSetupAdvice(tokens: Tokens): MfaSetupAdvice | undefined {
  const awaiting = scopesAwaitingMfa(roleFromGroups(issuedClaims(tokens.access_token).groups), {
    mfa: false,
  });
  if (awaiting.length === 0) return undefined;
  return { mfa_setup_required: true, scopes_awaiting_mfa: awaiting, warnings: [MFA_SETUP_ADVICE] };
}

/**
 * Password sign-in with every second factor: Cognito's TOTP challenge passes through; a user
 * with SMS MFA gets our SMS challenge, the tokens held until the code is right. Tokens are
 * handed out only with their session recorded, which is what makes the authorizer accept them.
 * A user without a second factor whose role needs one for some scopes (an administrator) gets
 * tokens without those scopes, and is told how to earn them.
 */
export async function signIn(username: string, password: string, deps: SignInDeps): Promise<SignInResult> {
  // Five wrong passwords lock the username for the rest of a quarter hour, as Cognito does.
  const failures = `signin-fail:${username.toLowerCase()}`;
  await deps.limiter.check(failures, FAILED_SIGN_INS_PER_USER, LOCKOUT_SECONDS);
  let result: Tokens | MfaChallenge;
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
    await deps.sessions.open(result, { mfa: false });
    return { ...result, ...mfaSetupAdvice(result) };
  }
  return {
    mfa_required: true,
    method: 'sms',
    challenge: 'SMS_MFA',
    session: await deps.sms.challenge(sub, phone, result),
  };
}

/** The second step, whichever factor the challenge was: a session with the second factor recorded. */
export async function completeSignIn(
  request: { username: string; session: string; code: string; challenge: string },
  deps: SignInDeps,
): Promise<Tokens> {
  const tokens =
    request.challenge === 'SMS_MFA'
      ? await deps.sms.complete(request.session, request.code)
      : await deps.accounts.completeMfa(request);
  await deps.sessions.open(tokens, { mfa: true });
  return tokens;
}

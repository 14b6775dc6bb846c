import { AuthenticationError } from '@pynomaly/core';
import type { Accounts, LoginResult, Tokens } from './login';
import type { SmsMfa } from './sms-mfa';

/** The `sub` of a token Cognito just issued to us (read, not verified: it never left our hands). */
function subjectOf(accessToken: string): string {
  const payload = accessToken.split('.')[1] ?? '';
  const sub = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: string }).sub;
  if (!sub) throw new AuthenticationError('Cognito issued a token without a subject');
  return sub;
}

/**
 * Password sign-in with every second factor: Cognito's TOTP challenge passes through; a user
 * with SMS MFA gets our SMS challenge, the tokens held until the code is right.
 */
export async function signIn(
  username: string,
  password: string,
  deps: { accounts: Accounts; sms: SmsMfa },
): Promise<LoginResult> {
  const result = await deps.accounts.login(username, password);
  if ('mfa_required' in result) return result;
  const sub = subjectOf(result.access_token);
  const phone = await deps.sms.phoneOf(sub);
  if (!phone) return result;
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
  deps: { accounts: Accounts; sms: SmsMfa },
): Promise<Tokens> {
  if (request.challenge === 'SMS_MFA') return deps.sms.complete(request.session, request.code);
  return deps.accounts.completeMfa(request);
}

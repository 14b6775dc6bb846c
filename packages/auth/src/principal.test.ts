import { describe, expect, it } from 'vitest';
import { principalContext, principalFromClaims } from './principal';
import { mfaSetupAdvice } from './sign-in';

const claims = (groups: string[]) => ({ sub: 'sub-1', username: 'alice', 'cognito:groups': groups });

describe('the principal of a verified token', () => {
  it("derives an administrator's scopes from the role and the sign-in's second factor", () => {
    const withCode = principalFromClaims(claims(['admin']), { mfa: true });
    const passwordOnly = principalFromClaims(claims(['admin']), { mfa: false });
    expect(withCode).toMatchObject({ role: 'admin', tier: 'admin', mfa: true });
    expect(withCode.scopes).toContain('admin');
    expect(passwordOnly).toMatchObject({ role: 'admin', tier: 'admin', mfa: false });
    expect(passwordOnly.scopes).not.toContain('admin');
    expect(passwordOnly.scopes).toEqual(principalFromClaims(claims(['analyst']), { mfa: false }).scopes);
  });

  it('carries the second factor through the authorizer context as a string', () => {
    const context = principalContext(principalFromClaims(claims(['admin']), { mfa: true }));
    expect(context).toMatchObject({ role: 'admin', mfa: 'true' });
    expect(context.scopes?.split(' ')).toContain('admin');
    expect(principalContext(principalFromClaims(claims([]), { mfa: false })).mfa).toBe('false');
  });
});

describe('the advice of a password-only sign-in', () => {
  const token = (groups: string[]) =>
    `h.${Buffer.from(JSON.stringify({ sub: 's', jti: 'j', exp: 1, 'cognito:groups': groups })).toString('base64url')}.s`;
  const tokens = (groups: string[]) =>
    ({ access_token: token(groups), token_type: 'bearer', expires_in: 3600 }) as const;

  it('tells an administrator to enrol a second factor, naming the scope that waits', () => {
    expect(mfaSetupAdvice(tokens(['admin']))).toEqual({
      mfa_setup_required: true,
      scopes_awaiting_mfa: ['admin'],
      warnings: [expect.stringContaining('POST /api/v1/mfa/totp/setup')],
    });
  });

  it('says nothing to a viewer or an analyst', () => {
    expect(mfaSetupAdvice(tokens(['analyst']))).toBeUndefined();
    expect(mfaSetupAdvice(tokens([]))).toBeUndefined();
  });
});

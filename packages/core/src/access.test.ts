import { describe, expect, it } from 'vitest';
import { mfaScopes, roleScopes, scopesAwaitingMfa, signInScopes } from './access';
import { roles } from './principal';

describe('scopes of a sign-in', () => {
  it('gives an administrator who signed in with a second factor every scope of the role', () => {
    expect(signInScopes('admin', { mfa: true })).toEqual([...roleScopes.admin]);
    expect(signInScopes('admin', { mfa: true })).toContain('admin');
    expect(scopesAwaitingMfa('admin', { mfa: true })).toEqual([]);
  });

  it("gives an administrator who signed in with a password alone an analyst's scopes, and names what waits", () => {
    expect(signInScopes('admin', { mfa: false })).toEqual([...roleScopes.analyst]);
    expect(signInScopes('admin', { mfa: false })).not.toContain('admin');
    expect(scopesAwaitingMfa('admin', { mfa: false })).toEqual(['admin']);
  });

  it('changes nothing for roles without a scope that needs a second factor', () => {
    for (const role of ['viewer', 'analyst'] as const)
      for (const mfa of [true, false]) {
        expect(signInScopes(role, { mfa })).toEqual([...roleScopes[role]]);
        expect(scopesAwaitingMfa(role, { mfa })).toEqual([]);
      }
  });

  it('withholds exactly the second-factor scopes, and only ever from a role that grants them', () => {
    for (const role of roles) {
      const withheld = roleScopes[role].filter((s) => !signInScopes(role, { mfa: false }).includes(s));
      expect(withheld).toEqual(scopesAwaitingMfa(role, { mfa: false }));
      expect(withheld.every((s) => mfaScopes.includes(s))).toBe(true);
    }
  });
});

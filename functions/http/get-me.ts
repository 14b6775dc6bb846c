import { Mfa, SmsMfa } from '@pynomaly/auth';
import {
  answer,
  bearerToken,
  httpHandler,
  MFA_SETUP_ADVICE,
  mfaScopes,
  principalOf,
  scopesAwaitingMfa,
} from '@pynomaly/core';
import { meAnswer } from './schemas/auth';

const mfa = new Mfa();
const sms = new SmsMfa();

/**
 * Who the caller is: role, the scopes this sign-in carries, rate tier, and the second factor —
 * enrolled or not, used for this sign-in or not, and which scopes wait for it.
 */
export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const { userId, username, role, scopes, tier, tenantId } = principal;
  const [cognito, phone] = await Promise.all([mfa.status(bearerToken(event)), sms.phoneOf(userId)]);
  const methods = [
    ...cognito.methods,
    ...(phone && !cognito.methods.includes('sms') ? ['sms' as const] : []),
  ];
  const awaiting = scopesAwaitingMfa(role, { mfa: principal.mfa === true });
  return answer(200, meAnswer, {
    user_id: userId,
    username,
    role,
    scopes,
    tier,
    tenant_id: tenantId,
    mfa_enabled: methods.length > 0,
    mfa_methods: methods,
    signed_in_with_mfa: principal.mfa === true,
    admin_requires_mfa: mfaScopes.includes('admin'),
    scopes_awaiting_mfa: awaiting,
    warnings: awaiting.length > 0 ? [MFA_SETUP_ADVICE] : [],
  });
});

import type { Principal } from '@pynomaly/core';

/**
 * Who a state-machine task acts for: the caller who queued the work, in their tenant. The
 * request was authorised when it was queued, so the task carries no scopes of its own.
 */
export const taskPrincipal = (input: { tenant_id: string; user_id: string }): Principal => ({
  tenantId: input.tenant_id,
  userId: input.user_id,
  username: input.user_id,
  role: 'analyst',
  scopes: [],
  tier: 'user',
  via: 'jwt',
});

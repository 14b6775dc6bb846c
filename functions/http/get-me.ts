import { httpHandler, json, principalOf } from '@pynomaly/core';

export const handler = httpHandler(async (event) => {
  const { userId, username, role, scopes, tier, tenantId } = principalOf(event);
  return json(200, { user_id: userId, username, role, scopes, tier, tenant_id: tenantId });
});

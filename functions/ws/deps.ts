import { env, RateLimiter } from '@pynomaly/core';
import { ConnectionRepository } from '@pynomaly/live';

/** The connection store and limits the live-detection functions share, read at cold start. */
export const liveDeps = () => ({
  connections: new ConnectionRepository(),
  limits: {
    connectionsPerTenant: env().LIVE_CONNECTIONS_PER_TENANT,
    messagesPerMinute: env().LIVE_MESSAGES_PER_MINUTE,
  },
  limiter: new RateLimiter(),
});

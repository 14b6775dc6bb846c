import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { ApiKeyRepository, authenticate, SignInSessions } from '@pynomaly/auth';
import { logger } from '@pynomaly/core';
import { acceptConnection, type WebSocketEvent } from '@pynomaly/live';
import { liveDeps } from './deps';

const authDeps = { apiKeys: new ApiKeyRepository(), sessions: new SignInSessions() };
const live = liveDeps();
const deps = {
  ...live,
  authenticate: (c: Parameters<typeof authenticate>[0]) => authenticate(c, authDeps),
  // Refused credentials are counted per source address, with the REST authorizer's budget.
  refusals: live.limiter,
};

/** `$connect` of /ws/detection/live: the caller authenticated as on the REST API, the connection recorded. */
export const handler = middy((event: WebSocketEvent) => acceptConnection(event, deps)).use(
  injectLambdaContext(logger, { resetKeys: true }),
);

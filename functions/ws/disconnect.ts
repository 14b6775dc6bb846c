import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '@pynomaly/core';
import { closeConnection, SubscriptionRepository, type WebSocketEvent } from '@pynomaly/live';
import { liveDeps } from './deps';

const deps = { ...liveDeps(), subscriptions: new SubscriptionRepository() };

/** `$disconnect`: the connection's item and its GraphQL subscriptions removed. */
export const handler = middy(async (event: WebSocketEvent) => {
  await closeConnection(event.requestContext.connectionId, deps);
  return { statusCode: 200 };
}).use(injectLambdaContext(logger, { resetKeys: true }));

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '@pynomaly/core';
import { closeConnection, type WebSocketEvent } from '@pynomaly/live';
import { liveDeps } from './deps';

const deps = liveDeps();

/** `$disconnect`: the connection's item removed. */
export const handler = middy(async (event: WebSocketEvent) => {
  await closeConnection(event.requestContext.connectionId, deps);
  return { statusCode: 200 };
}).use(injectLambdaContext(logger, { resetKeys: true }));

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '@pynomaly/core';

/**
 * A pipeline task: logs with the request id, and errors left to propagate so that Step
 * Functions' Retry and Catch see them by name.
 */
export function stepHandler<I, O>(step: (input: I) => Promise<O>) {
  return middy<I, O>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(step);
}

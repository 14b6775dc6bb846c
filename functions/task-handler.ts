import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger, ValidationError } from '@pynomaly/core';
import type { z } from 'zod';

/**
 * A pipeline task or event consumer: its input checked against the step's schema, logs with
 * the request id, and errors left to propagate so that Step Functions' Retry and Catch (or
 * EventBridge's retries) see them by name.
 */
export function stepHandler<S extends z.ZodType, O>(schema: S, step: (input: z.infer<S>) => Promise<O>) {
  return middy<unknown, O>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const parsed = schema.safeParse(event);
      if (!parsed.success) throw new ValidationError(`Malformed step input: ${parsed.error.message}`);
      return step(parsed.data);
    });
}

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { emitTaskMetrics, logger, TASK_NAME_VARIABLE, ValidationError } from '@pynomaly/core';
import type { z } from 'zod';

/**
 * A pipeline task or event consumer: its input checked against the step's schema, logs with
 * the request id, EMF metrics by task (failures; datasets analysed and anomalies found), and
 * errors left to propagate so that Step Functions' Retry and Catch (or EventBridge's retries)
 * see them by name.
 */
export function stepHandler<S extends z.ZodType, O>(schema: S, step: (input: z.infer<S>) => Promise<O>) {
  return middy<unknown, O>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const task = process.env[TASK_NAME_VARIABLE] || 'unknown';
      try {
        const parsed = schema.safeParse(event);
        if (!parsed.success) throw new ValidationError(`Malformed step input: ${parsed.error.message}`);
        const output = await step(parsed.data);
        emitTaskMetrics(task, { output });
        return output;
      } catch (error) {
        emitTaskMetrics(task, { failed: true });
        throw error;
      }
    });
}

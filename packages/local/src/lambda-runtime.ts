import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const functionsRoot = resolve(import.meta.dirname, '../../../functions');
const loaded = new Map<string, Promise<Handler>>();

/** The `handler` export of a module under `functions/`, imported once like a warm Lambda. */
function load(module: string): Promise<Handler> {
  let handler = loaded.get(module);
  if (!handler) {
    handler = import(pathToFileURL(resolve(functionsRoot, `${module}.ts`)).href).then(
      (m: { handler?: Handler }) => {
        if (typeof m.handler !== 'function') throw new Error(`functions/${module}.ts exports no handler`);
        return m.handler;
      },
    );
    loaded.set(module, handler);
  }
  return handler;
}

function lambdaContext(functionName: string, timeoutSeconds: number): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Runs a handler module as Lambda would: a fresh context per invocation, errors thrown to the caller. */
export async function invokeFunction(module: string, event: unknown, timeoutSeconds = 900): Promise<unknown> {
  const handler = await load(module);
  return handler(event, lambdaContext(module.replaceAll('/', '-'), timeoutSeconds));
}

/**
 * A Lambda function error as Step Functions sees it: the error name is the function's error
 * type and the cause is the JSON Lambda reports, so Retry/Catch match as they do in AWS.
 */
export class FunctionError extends Error {
  constructor(error: unknown) {
    const errorType = (error as { name?: string })?.name ?? 'Error';
    const errorMessage = error instanceof Error ? error.message : String(error);
    super(JSON.stringify({ errorType, errorMessage }));
    this.name = errorType;
  }
}

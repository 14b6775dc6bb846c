import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { AppError } from '../errors';
import { logger } from '../logger';
import { type HttpResponse, problemResponse } from './problem';

export type HttpRoute = (event: APIGatewayProxyEvent, context: Context) => Promise<HttpResponse>;

/**
 * Wraps a route: structured logs carrying the request id, and every error mapped once to
 * RFC 7807. Faults (anything not meant for the caller) are logged with their stack; the caller gets none.
 */
export function httpHandler(route: HttpRoute) {
  return middy<APIGatewayProxyEvent, HttpResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      onError: async (request) => {
        const { error, event, context } = request;
        const requestId = event.requestContext?.requestId ?? context.awsRequestId;
        if (!(error instanceof AppError) || !error.expose) {
          logger.error('request failed', { error: error as Error, path: event.path });
        } else {
          logger.info('request rejected', { status: error.statusCode, code: error.code, path: event.path });
        }
        request.response = problemResponse(error, requestId, event.path);
      },
    })
    .handler(route);
}

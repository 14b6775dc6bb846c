import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { MFA_SETUP_ADVICE, type PublicBudget, publicBudgets, tiers } from '../access';
import { emitRequestMetrics, ROUTE_ID_VARIABLE } from '../emf';
import { AppError, MfaRequiredError, RateLimitError } from '../errors';
import { logger } from '../logger';
import { RequestMetrics } from '../metrics';
import { RateLimiter, type RateLimitState, rateLimitHeaders } from '../rate-limit';
import { allowedOrigins, corsHeaders } from './cors';
import { type HttpResponse, problemResponse } from './problem';
import { checkPathParameters, header, principalIn } from './request';

export type HttpRoute = (event: APIGatewayProxyEvent, context: Context) => Promise<HttpResponse>;

const HOUR = 3600;
let limiter: RateLimiter | undefined;
let metrics: RequestMetrics | undefined;

/** The metrics dimension of a request: the function's route id, or (locally) method and resource template. */
function routeName(event: APIGatewayProxyEvent): string {
  return process.env[ROUTE_ID_VARIABLE] || `${event.httpMethod} ${event.resource ?? 'unknown'}`;
}

/**
 * Counts the answer: an EMF line for CloudWatch (by route), and the shared per-minute counters
 * `GET /api/v1/performance/metrics` reads; a failed count never fails the request.
 */
async function countAnswer(event: APIGatewayProxyEvent, status: number, startedAt: number): Promise<void> {
  const latencyMs = performance.now() - startedAt;
  emitRequestMetrics(routeName(event), status, latencyMs);
  try {
    metrics ??= new RequestMetrics();
    await metrics.record(status, latencyMs);
  } catch (error) {
    logger.warn('request metrics unavailable', { error: error as Error });
  }
}

export interface HttpRouteOptions {
  /** On a public route, which per-address budget it spends; `none` is not counted. @default 'public' */
  budget?: PublicBudget;
}

/**
 * Counts the request against the caller's tier (a signed-in user or an API key), so every
 * route of every Lambda shares one hourly count; on a public route, against the source
 * address's budget for that class of route.
 */
async function countRequest(
  event: APIGatewayProxyEvent,
  budget: PublicBudget,
): Promise<RateLimitState | undefined> {
  const principal = principalIn(event);
  if (principal) {
    limiter ??= new RateLimiter();
    return limiter.consume(
      `${principal.tier}:${principal.userId}`,
      tiers[principal.tier].requestsPerHour,
      HOUR,
    );
  }
  if (budget === 'none') return undefined;
  limiter ??= new RateLimiter();
  const address = event.requestContext?.identity?.sourceIp ?? 'unknown';
  return limiter.consume(`${budget}:ip:${address}`, publicBudgets[budget].requestsPerHour, HOUR);
}

/** The authorizer's context (scalars only). */
const authorizerContext = (event: APIGatewayProxyEvent) =>
  (event.requestContext?.authorizer ?? {}) as Record<string, unknown>;

/**
 * The authorizer lets an address that sent too many refused credentials through as
 * `throttled` (API Gateway has no 429 of its own for an authorizer), so it is answered here.
 */
function throttled(event: APIGatewayProxyEvent): RateLimitError | undefined {
  const retryAfter = Number(authorizerContext(event).throttled);
  if (!Number.isFinite(retryAfter) || retryAfter <= 0) return undefined;
  return new RateLimitError('Too many refused credentials from this address', retryAfter);
}

/**
 * The authorizer lets a user whose role grants the route's scope, but whose sign-in lacks the
 * second factor that scope needs, through as `mfaRequired`, so the 403 can say what to do (a
 * Deny would be the gateway's fixed 403). Answered here, before the route does anything.
 */
function mfaRequired(event: APIGatewayProxyEvent): MfaRequiredError | undefined {
  return authorizerContext(event).mfaRequired === 'true' ? new MfaRequiredError(MFA_SETUP_ADVICE) : undefined;
}

/**
 * Adds the CORS headers for the request's origin: API Gateway passes a proxy answer through as
 * the function wrote it, so answers (errors included) carry them only if the function adds them.
 */
function withCors(event: APIGatewayProxyEvent, response: HttpResponse): void {
  Object.assign(response.headers, corsHeaders(header(event, 'origin'), allowedOrigins()));
}

/**
 * Wraps a route: the caller's rate limit (with `X-RateLimit-*` headers on every answer), the
 * refusals the authorizer left to it (a throttled address, a missing second factor), its
 * path parameters checked, structured logs carrying the request id, and every error mapped
 * once to RFC 7807. Faults (anything not meant for the caller) are logged with their stack;
 * the caller gets none.
 */
export function httpHandler(route: HttpRoute, options: HttpRouteOptions = {}) {
  const budget = options.budget ?? 'public';
  // Per request (not per function instance): the local gateway runs invocations concurrently.
  const stateOf = (request: { internal: Record<string, unknown> }) =>
    request.internal.rateLimit as RateLimitState | undefined;
  return middy<APIGatewayProxyEvent, HttpResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      before: async (request) => {
        request.internal.startedAt = performance.now();
        const throttledAddress = throttled(request.event);
        if (throttledAddress) throw throttledAddress;
        try {
          request.internal.rateLimit = await countRequest(request.event, budget);
        } catch (error) {
          if (error instanceof AppError) throw error;
          // The counter is a guard, not a dependency: a failed count lets the request through.
          logger.error('rate limit unavailable', { error: error as Error });
        }
        const withoutFactor = mfaRequired(request.event);
        if (withoutFactor) throw withoutFactor;
        checkPathParameters(request.event);
      },
      after: async (request) => {
        const state = stateOf(request);
        if (state && request.response) Object.assign(request.response.headers, rateLimitHeaders(state));
        if (request.response) withCors(request.event, request.response);
        await countAnswer(
          request.event,
          request.response?.statusCode ?? 200,
          Number(request.internal.startedAt ?? performance.now()),
        );
      },
      onError: async (request) => {
        const { error, event, context } = request;
        const requestId = event.requestContext?.requestId ?? context.awsRequestId;
        if (!(error instanceof AppError) || !error.expose) {
          logger.error('request failed', { error: error as Error, path: event.path });
        } else {
          logger.info('request rejected', { status: error.statusCode, code: error.code, path: event.path });
        }
        request.response = problemResponse(error, requestId, event.path);
        const state = stateOf(request);
        if (state) request.response.headers = { ...rateLimitHeaders(state), ...request.response.headers };
        withCors(event, request.response);
        await countAnswer(
          event,
          request.response.statusCode,
          Number(request.internal.startedAt ?? performance.now()),
        );
      },
    })
    .handler(route);
}

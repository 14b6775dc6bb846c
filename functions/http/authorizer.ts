import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import {
  ApiKeyRepository,
  authenticate,
  principalContext,
  REFUSED_ADDRESSES_CALLER,
  REFUSED_ADDRESSES_TIER,
  SignInSessions,
  UsageKeys,
} from '@pynomaly/auth';
import {
  FAILED_AUTH_PER_ADDRESS,
  FAILED_AUTH_WINDOW_SECONDS,
  header,
  logger,
  RateLimitError,
  RateLimiter,
  scopesAwaitingMfa,
} from '@pynomaly/core';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayRequestAuthorizerEvent,
} from 'aws-lambda';
import { routeOf } from '../routes';

const deps = { apiKeys: new ApiKeyRepository(), sessions: new SignInSessions() };
const limiter = new RateLimiter();
const usageKeys = new UsageKeys();

function policy(effect: 'Allow' | 'Deny', principalId: string, resource: string) {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
    },
  };
}

/** Counts a refused credential against its source address; a failed count refuses nothing more. */
async function countRefusal(key: string): Promise<void> {
  await limiter.consume(key, FAILED_AUTH_PER_ADDRESS, FAILED_AUTH_WINDOW_SECONDS).catch(() => undefined);
}

/**
 * Every protected route's gate, and the one place permissions are decided: it proves the
 * caller (token or API key), then allows the request only when the caller holds the scope the
 * route table names for it. It answers the principal and the caller's own usage-plan key, in
 * its rate tier's plan (made on the caller's first request: packages/auth/src/usage-keys.ts),
 * which API Gateway meters the request on. Refused credentials are counted per source address;
 * past the budget the address is answered 429 by the route (API Gateway has no 429 for an
 * authorizer), or 403 on a route without a function, before any credential it sends is even
 * checked. A signed-in user whose role grants the route's scope but whose sign-in had no second
 * factor (an administrator signed in with a password alone) is let through as `mfaRequired`,
 * for the route's middleware to answer 403 with what to do (a Deny is the gateway's fixed 403);
 * it is no refused credential, so it is not counted.
 */
async function authorize(event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  const asRequest = event as unknown as APIGatewayProxyEvent;
  const refusals = `authfail:${event.requestContext?.identity?.sourceIp ?? 'unknown'}`;
  const route = routeOf(event.httpMethod, event.resource);
  try {
    await limiter.check(refusals, FAILED_AUTH_PER_ADDRESS, FAILED_AUTH_WINDOW_SECONDS);
  } catch (error) {
    if (!(error instanceof RateLimitError)) throw error;
    logger.info('address throttled after refused credentials', { key: refusals });
    // A route API Gateway answers itself has no function to answer the 429: refuse it here.
    if (route?.integration) return policy('Deny', 'throttled', event.methodArn);
    return {
      ...policy('Allow', 'throttled', event.methodArn),
      context: { throttled: String(error.retryAfterSeconds) },
      // Every method needs a usage-plan key; throttled addresses share one.
      usageIdentifierKey: await usageKeys.ensure({
        id: REFUSED_ADDRESSES_CALLER,
        tier: REFUSED_ADDRESSES_TIER,
      }),
    };
  }
  let authenticated: Awaited<ReturnType<typeof authenticate>>;
  try {
    authenticated = await authenticate(
      { authorization: header(asRequest, 'authorization'), apiKey: header(asRequest, 'x-api-key') },
      deps,
    );
  } catch (error) {
    logger.info('caller rejected', { reason: (error as Error).message });
    await countRefusal(refusals);
    // API Gateway turns exactly this message into a 401.
    throw new Error('Unauthorized');
  }
  const { principal, sessionId } = authenticated;
  const usageIdentifierKey = () =>
    usageKeys.ensure({ id: principal.userId, tier: principal.tier, credential: sessionId });
  const context = { ...principalContext(principal), sessionId: sessionId ?? '' };
  const awaitingMfa =
    principal.via === 'jwt' && route?.handler !== undefined && route.scope !== undefined
      ? scopesAwaitingMfa(principal.role, { mfa: principal.mfa === true }).includes(route.scope)
      : false;
  if (awaitingMfa) {
    logger.info('caller needs a second factor for the scope', { route: route?.id, scope: route?.scope });
    return {
      ...policy('Allow', principal.userId, event.methodArn),
      context: { ...context, mfaRequired: 'true' },
      usageIdentifierKey: await usageIdentifierKey(),
    };
  }
  if (!route?.scope || !principal.scopes.includes(route.scope)) {
    logger.info('caller lacks the scope', { route: route?.id, scope: route?.scope, via: principal.via });
    await countRefusal(refusals);
    return policy('Deny', principal.userId, event.methodArn);
  }
  return {
    ...policy('Allow', principal.userId, event.methodArn),
    context,
    usageIdentifierKey: await usageIdentifierKey(),
  };
}

export const handler = middy(authorize).use(injectLambdaContext(logger, { resetKeys: true }));

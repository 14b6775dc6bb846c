import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { ApiKeyRepository, authenticate, principalContext, TokenDenylist } from '@pynomaly/auth';
import { header, logger } from '@pynomaly/core';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayRequestAuthorizerEvent,
} from 'aws-lambda';
import { routeOf } from '../routes';

const deps = { apiKeys: new ApiKeyRepository(), denylist: new TokenDenylist() };

function policy(effect: 'Allow' | 'Deny', principalId: string, resource: string) {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
    },
  };
}

/**
 * Every protected route's gate, and the one place permissions are decided: it proves the
 * caller (token or API key), then allows the request only when the caller holds the scope the
 * route table names for it. It answers the principal and, in AWS, the usage-plan key of the
 * caller's rate tier.
 */
async function authorize(event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  const asRequest = event as unknown as APIGatewayProxyEvent;
  let authenticated: Awaited<ReturnType<typeof authenticate>>;
  try {
    authenticated = await authenticate(
      { authorization: header(asRequest, 'authorization'), apiKey: header(asRequest, 'x-api-key') },
      deps,
    );
  } catch (error) {
    logger.info('caller rejected', { reason: (error as Error).message });
    // API Gateway turns exactly this message into a 401.
    throw new Error('Unauthorized');
  }
  const { principal, token } = authenticated;
  const route = routeOf(event.httpMethod, event.resource);
  if (!route?.scope || !principal.scopes.includes(route.scope)) {
    logger.info('caller lacks the scope', { route: route?.id, scope: route?.scope, via: principal.via });
    return policy('Deny', principal.userId, event.methodArn);
  }
  return {
    ...policy('Allow', principal.userId, event.methodArn),
    context: {
      ...principalContext(principal),
      tokenId: token?.id ?? '',
      tokenExpiresAt: token?.expiresAt ?? 0,
    },
    usageIdentifierKey: process.env[`USAGE_PLAN_KEY_${principal.tier.toUpperCase()}`],
  };
}

export const handler = middy(authorize).use(injectLambdaContext(logger, { resetKeys: true }));

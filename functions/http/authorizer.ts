import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { principalFromClaims, verifyAccessToken } from '@pynomaly/auth';
import { logger } from '@pynomaly/core';
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';

function bearer(event: APIGatewayRequestAuthorizerEvent): string | undefined {
  const entry = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'authorization');
  return /^Bearer\s+(\S+)$/i.exec(entry?.[1] ?? '')?.[1];
}

/** Every protected route's gate: a verified Cognito access token, answered as the caller's principal. */
async function authorize(event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  const token = bearer(event);
  if (!token) throw new Error('Unauthorized');
  let principal: ReturnType<typeof principalFromClaims>;
  try {
    principal = principalFromClaims(await verifyAccessToken(token));
  } catch (error) {
    logger.info('token rejected', { reason: (error as Error).message });
    // API Gateway turns exactly this message into a 401.
    throw new Error('Unauthorized');
  }
  return {
    principalId: principal.userId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
    },
    context: { ...principal },
  };
}

export const handler = middy(authorize).use(injectLambdaContext(logger, { resetKeys: true }));

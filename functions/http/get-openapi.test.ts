import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from './get-openapi';

const context = { awsRequestId: 'test', functionName: 'openapi' } as Context;
const request = (outerPath: string) =>
  ({
    path: '/api/openapi.json',
    httpMethod: 'GET',
    headers: {},
    requestContext: { path: outerPath, stage: 'v1', requestId: 'r1', identity: { sourceIp: '203.0.113.1' } },
  }) as unknown as APIGatewayProxyEvent;

describe('GET /api/openapi.json', () => {
  it.each([
    ["API Gateway's own endpoint, where the stage is in the URL", '/v1/api/openapi.json', '/v1'],
    ['a custom domain or the local stack, where it is not', '/api/openapi.json', '/'],
  ])('names the server as the client reached it: %s', async (_, outer, server) => {
    const response = (await handler(request(outer), context)) as { statusCode: number; body: string };
    expect(response.statusCode).toBe(200);
    expect((JSON.parse(response.body) as { servers: Array<{ url: string }> }).servers[0]?.url).toBe(server);
  });
});

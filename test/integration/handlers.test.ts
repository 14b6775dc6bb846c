import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * The Lambda handlers invoked directly with the API Gateway fixtures of `events/`, against the
 * emulators of the running local stack (the environment a deployed function gets from CDK).
 */
const local = inject('local');
const fixture = (name: string) =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, '../../events/apigateway', name), 'utf8'),
  ) as APIGatewayProxyEvent;
const context = { awsRequestId: 'fixture', functionName: 'fixture' } as Context;
type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
const load = async (module: string) =>
  ((await import(`../../functions/http/${module}`)) as { handler: Handler }).handler;

beforeAll(() => {
  Object.assign(process.env, {
    AWS_REGION: local.region,
    AWS_ACCESS_KEY_ID: local.aws_access_key_id,
    AWS_SECRET_ACCESS_KEY: local.aws_secret_access_key,
    TABLE_NAME: local.table_name,
    BUCKET_NAME: local.bucket,
    USER_POOL_ID: local.user_pool_id,
    USER_POOL_CLIENT_ID: local.client_id,
    EVENT_BUS_NAME: local.event_bus_name,
    AWS_ENDPOINT_URL_EVENTBRIDGE: local.events_endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: local.dynamodb_endpoint,
    AWS_ENDPOINT_URL_S3: local.s3_endpoint,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: local.cognito_endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

describe('handlers with the API Gateway fixtures', () => {
  it('post-login answers a bearer token for the seeded admin', async () => {
    const response = await (await load('post-login'))(fixture('post-login.json'), context);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ token_type: 'bearer', expires_in: expect.any(Number) });
  });

  it("get-dataset answers 404 for an id the caller's tenant does not own", async () => {
    const response = await (await load('get-dataset'))(fixture('get-dataset.json'), context);
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body)).toMatchObject({
      code: 'NOT_FOUND',
      request_id: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    });
  });

  it('patch-report validates the fixture body and answers 404 for an unknown report', async () => {
    const response = await (await load('patch-report'))(fixture('patch-report.json'), context);
    expect(response.statusCode).toBe(404);
    const bad = { ...fixture('patch-report.json'), body: '{"status":"closed"}' };
    const refused = await (await load('patch-report'))(bad, context);
    expect(refused.statusCode).toBe(400);
    expect(JSON.parse(refused.body).errors[0].field).toBe('status');
  });
});

import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { httpHandler } from './handler';
import { checkPathParameters, MAX_PATH_PARAMETER_BYTES } from './request';

const withId = (id: string) =>
  ({
    path: `/api/x/${id}`,
    headers: {},
    body: null,
    pathParameters: { id },
    requestContext: { requestId: 'req-1' },
  }) as unknown as APIGatewayProxyEvent;

describe('path parameters', () => {
  it('accept any id a resource can have, up to the byte limit', () => {
    for (const id of ['01jq3k', 'alice@hospital.sg', 'Überprüfung 日本', 'a/b', 'a'.repeat(256)])
      expect(() => checkPathParameters(withId(id))).not.toThrow();
    expect(() => checkPathParameters({ pathParameters: null } as APIGatewayProxyEvent)).not.toThrow();
  });

  it('refuse over-long ids (counted in UTF-8 bytes), control characters and broken Unicode', () => {
    const refused = [
      'a'.repeat(MAX_PATH_PARAMETER_BYTES + 1),
      'a'.repeat(1100),
      // 86 characters but 258 bytes: what a DynamoDB key would have to hold.
      '日'.repeat(86),
      'a\u0000b',
      'line\nbreak',
      'del\u007f',
      'c1\u0085',
      'lone\ud800surrogate',
    ];
    for (const id of refused) {
      let error: unknown;
      try {
        checkPathParameters(withId(id));
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(id)).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors).toEqual([
        { field: 'id', message: 'at most 256 bytes, without control characters' },
      ]);
    }
  });

  it('are checked for every route before its handler runs: a 400 problem, the handler never called', async () => {
    let called = false;
    const route = httpHandler(async () => {
      called = true;
      return { statusCode: 200, headers: {}, body: '{}' };
    });
    const context = { awsRequestId: 'aws-1', functionName: 'f' } as Context;
    const response = await route(withId('x'.repeat(5000)), context);
    expect(response.statusCode).toBe(400);
    expect(response.headers['Content-Type']).toBe('application/problem+json');
    expect(JSON.parse(response.body)).toMatchObject({ code: 'VALIDATION_ERROR', errors: [{ field: 'id' }] });
    expect(called).toBe(false);
    expect((await route(withId('01jq3k'), context)).statusCode).toBe(200);
  });
});

import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConflictError, NotFoundError, RateLimitError, ValidationError } from '../errors';
import { httpHandler } from './handler';
import { multipartFile } from './multipart';
import { problemResponse } from './problem';
import { parseJsonBody, parseQuery, principalOf } from './request';
import { html } from './response';

const event = (overrides: Partial<APIGatewayProxyEvent> = {}) =>
  ({
    path: '/api/x',
    headers: {},
    body: null,
    isBase64Encoded: false,
    queryStringParameters: null,
    requestContext: {
      requestId: 'req-1',
      authorizer: {
        tenantId: 't',
        userId: 'u',
        username: 'alice',
        role: 'analyst',
        scopes: 'datasets:read reports:read',
        tier: 'user',
        via: 'jwt',
      },
    },
    ...overrides,
  }) as unknown as APIGatewayProxyEvent;

describe('problem responses', () => {
  it('maps typed errors to RFC 7807 with code, request id and failing fields', () => {
    const response = problemResponse(
      new ValidationError('Invalid body', [{ field: 'status', message: 'bad' }]),
      'r',
      '/p',
    );
    expect(response.statusCode).toBe(400);
    expect(response.headers['Content-Type']).toBe('application/problem+json');
    expect(JSON.parse(response.body)).toEqual({
      type: 'https://pynomaly.dev/problems/validation-error',
      title: 'Validation Error',
      status: 400,
      detail: 'Invalid body',
      instance: '/p',
      code: 'VALIDATION_ERROR',
      request_id: 'r',
      errors: [{ field: 'status', message: 'bad' }],
    });
    expect(problemResponse(new ConflictError('dup'), 'r', '/p').statusCode).toBe(409);
    expect(problemResponse(new RateLimitError('slow down', 30), 'r', '/p').headers['Retry-After']).toBe('30');
  });

  it('never shows the message or stack of an unexpected error', () => {
    const body = JSON.parse(problemResponse(new Error('ECONNREFUSED arn:aws:dynamodb:…'), 'r', '/p').body);
    expect(body.status).toBe(500);
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|arn:aws/);
  });

  it('names error classes for Step Functions', () => {
    expect(new NotFoundError('x').name).toBe('NotFoundError');
  });
});

describe('html responses', () => {
  it('declare UTF-8 HTML and keep extra headers', () => {
    expect(html(200, '<p>é</p>', { 'Content-Security-Policy': "default-src 'none'" })).toEqual({
      statusCode: 200,
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': "default-src 'none'",
      },
      body: '<p>é</p>',
    });
  });
});

describe('request parsing', () => {
  it('reads the principal the authorizer put in the context, and refuses a context without one', () => {
    expect(principalOf(event())).toEqual({
      tenantId: 't',
      userId: 'u',
      username: 'alice',
      role: 'analyst',
      scopes: ['datasets:read', 'reports:read'],
      tier: 'user',
      via: 'jwt',
      mfa: false,
    });
    const withCode = event();
    Object.assign(withCode.requestContext.authorizer ?? {}, { mfa: 'true' });
    expect(principalOf(withCode).mfa).toBe(true);
    expect(() => principalOf(event({ requestContext: {} as never }))).toThrow('Not authenticated');
  });

  it('validates query and body, naming the failing fields', () => {
    const query = z.object({ limit: z.coerce.number().max(100) });
    expect(() => parseQuery(event({ queryStringParameters: { limit: '500' } }), query)).toThrow(
      ValidationError,
    );
    try {
      parseJsonBody(event({ body: '{"status":1}' }), z.object({ status: z.string() }));
    } catch (error) {
      expect((error as ValidationError).errors[0]?.field).toBe('status');
    }
    expect(() => parseJsonBody(event({ body: '{not json' }), z.object({}))).toThrow('not valid JSON');
  });

  it('reads one file from a multipart body and refuses one over the limit', async () => {
    const boundary = 'XyZ';
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\nPK-bytes\r\n--${boundary}--\r\n`,
    );
    const multipart = event({
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body: body.toString('base64'),
      isBase64Encoded: true,
    });
    expect(await multipartFile(multipart, 'file', 1024)).toEqual({
      filename: 'a.xlsx',
      contentType: 'application/octet-stream',
      body: Buffer.from('PK-bytes'),
    });
    await expect(multipartFile(multipart, 'file', 4)).rejects.toThrow('upload limit');
    await expect(multipartFile(multipart, 'other', 1024)).rejects.toThrow('No "other" file');
    await expect(
      multipartFile(event({ headers: { 'Content-Type': 'application/json' } }), 'file', 1),
    ).rejects.toThrow('multipart');
  });

  it('reads a non-ASCII file name sent as raw UTF-8 (curl, browsers) or as RFC 5987 filename*', async () => {
    const name = 'Bericht_Überprüfung_日本.xlsx';
    const upload = (disposition: string) =>
      event({
        headers: { 'Content-Type': 'multipart/form-data; boundary=XyZ' },
        body: Buffer.from(
          `--XyZ\r\nContent-Disposition: form-data; name="file"; ${disposition}\r\n\r\nPK\r\n--XyZ--\r\n`,
        ).toString('base64'),
        isBase64Encoded: true,
      });
    expect((await multipartFile(upload(`filename="${name}"`), 'file', 1024)).filename).toBe(name);
    const encoded = `filename*=UTF-8''${encodeURIComponent(name)}`;
    expect((await multipartFile(upload(encoded), 'file', 1024)).filename).toBe(name);
  });
});

describe('httpHandler', () => {
  it('answers what the route returns, and a problem for what it throws', async () => {
    const context = { awsRequestId: 'aws-1', functionName: 'f' } as Context;
    const ok = httpHandler(async () => ({ statusCode: 200, headers: {}, body: '{}' }));
    expect((await ok(event(), context)).statusCode).toBe(200);
    const failing = httpHandler(async () => {
      throw new NotFoundError('Dataset not found');
    });
    const response = await failing(event(), context);
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body)).toMatchObject({ detail: 'Dataset not found', request_id: 'req-1' });
  });

  it('refuses, before the route runs, a caller the authorizer let through as needing a second factor', async () => {
    const context = { awsRequestId: 'aws-1', functionName: 'f' } as Context;
    let ran = false;
    const route = httpHandler(async () => {
      ran = true;
      return { statusCode: 200, headers: {}, body: '{}' };
    });
    const needsMfa = event();
    Object.assign(needsMfa.requestContext.authorizer ?? {}, { role: 'admin', mfaRequired: 'true' });
    const response = await route(needsMfa, context);
    expect(ran).toBe(false);
    expect(response.statusCode).toBe(403);
    expect(response.headers['Content-Type']).toBe('application/problem+json');
    expect(JSON.parse(response.body)).toMatchObject({
      status: 403,
      code: 'MFA_REQUIRED',
      type: 'https://pynomaly.dev/problems/mfa-required',
      detail: expect.stringContaining('POST /api/v1/mfa/totp/setup'),
    });
    expect(JSON.parse(response.body).detail).toContain('POST /api/v1/auth/mfa/verify');
  });
});

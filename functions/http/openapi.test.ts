import { MAX_PATH_PARAMETER_BYTES } from '@pynomaly/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RouteDefinition } from '../routes';
import { jsonSchemaOf, openApiDocument, tagOf } from './openapi';

const document = openApiDocument();
const operation = (method: 'get' | 'post' | 'patch' | 'delete', path: string) => {
  const found = document.paths[path]?.[method];
  if (!found) throw new Error(`${method} ${path} is not in the document`);
  return found;
};

describe('the OpenAPI generator', () => {
  it('describes the API, its version and its credentials', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({
      title: 'Pynomaly API',
      version: expect.stringMatching(/^\d+\.\d+/),
    });
    expect(document.servers).toEqual([{ url: '/', description: expect.any(String) }]);
    expect(document.components.securitySchemes).toMatchObject({
      bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
    });
  });

  it('documents the 202 of a detection that is queued beside its 200', () => {
    const detect = operation('post', '/api/v1/detection/detect') as { responses: Record<string, unknown> };
    expect(Object.keys(detect.responses)).toEqual(expect.arrayContaining(['200', '202']));
  });

  it('documents the 202 of a large upload converted on the ingest state machine beside its 201', () => {
    const complete = operation('post', '/api/v1/datasets/uploads/{id}/complete') as {
      responses: Record<string, { description?: string }>;
    };
    expect(Object.keys(complete.responses)).toEqual(expect.arrayContaining(['201', '202']));
    expect(complete.responses['202']?.description).toContain('status_url');
    expect(operation('get', '/api/v1/datasets/uploads/{id}')).toMatchObject({ 'x-scope': 'datasets:read' });
  });

  it('turns zod schemas into JSON Schema as a client sends it: defaults make fields optional', () => {
    const schema = jsonSchemaOf(z.object({ a: z.string(), b: z.number().default(1) }));
    expect(schema).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'number', default: 1 } },
      required: ['a'],
    });
  });

  it('requires a body only where the schema refuses an empty one', () => {
    expect(operation('post', '/api/v1/auth/login').requestBody?.required).toBe(true);
    expect(operation('post', '/api/v1/auth/logout').requestBody?.required).toBe(false);
    // A refinement demanding one of two optional fields still refuses `{}`.
    expect(operation('post', '/api/v1/mfa/totp/verify').requestBody?.required).toBe(true);
  });

  it('spreads a query schema into query parameters and declares every path parameter', () => {
    const params = operation('get', '/api/anomaly/anomaly-reports/{id}/export').parameters;
    expect(params).toEqual([
      {
        name: 'id',
        in: 'path',
        required: true,
        schema: { type: 'string', minLength: 1, maxLength: MAX_PATH_PARAMETER_BYTES },
      },
      {
        name: 'format',
        in: 'query',
        required: true,
        schema: {
          type: 'string',
          enum: ['json', 'excel', 'pdf'],
          description: expect.stringContaining('`pdf`: an A4 report'),
        },
      },
    ]);
    const limit = operation('get', '/api/anomaly/anomaly-reports').parameters?.find(
      (p) => p.name === 'limit',
    );
    expect(limit).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', default: 100 } });
  });

  it('offers API keys only where their scopes reach, and no credentials on public routes', () => {
    expect(operation('get', '/api/v1/detectors').security).toEqual([{ bearerAuth: [] }, { apiKey: [] }]);
    expect(operation('get', '/api/v1/admin/users').security).toEqual([{ bearerAuth: [] }]);
    expect(operation('get', '/api/v1/auth/me').security).toEqual([{ bearerAuth: [] }]);
    expect(operation('post', '/api/v1/auth/login').security).toEqual([]);
    expect(operation('get', '/api/v1/admin/users')).toMatchObject({
      'x-scope': 'admin',
      description: expect.stringContaining('`admin` scope'),
    });
  });

  it('marks aliases and gives them their own operation id', () => {
    expect(operation('post', '/api/auth/login')).toMatchObject({
      operationId: 'LoginAlias1',
      'x-alias-of': '/api/v1/auth/login',
      description: expect.stringContaining('Alias of `POST /api/v1/auth/login`'),
    });
    expect(operation('get', '/api/health/detailed')['x-alias-of']).toBe('/api/v1/health/detailed');
  });

  it("answers each route's success status, and problems for every error", () => {
    expect(Object.keys(operation('post', '/api/v1/admin/users').responses)).toContain('201');
    expect(Object.keys(operation('delete', '/api/v1/admin/users/{username}').responses)).toContain('204');
    expect(operation('get', '/api/anomaly/anomaly-reports/{id}/export').responses['200']).toMatchObject({
      headers: { 'Content-Disposition': expect.any(Object) },
    });
    expect(operation('get', '/api/docs').responses['200']).toMatchObject({ content: { 'text/html': {} } });
    expect(operation('get', '/api/v1/admin/system/status').responses['503']).toBeDefined();
    for (const code of ['400', '401', '403', '404', '409', '413', '415', '422', '429'])
      expect(operation('get', '/api/health').responses[code]).toEqual({
        $ref: `#/components/responses/Problem${code}`,
      });
    expect(document.components.responses?.Problem429).toMatchObject({
      headers: {
        'Retry-After': expect.any(Object),
        'X-RateLimit-Limit': expect.any(Object),
        'X-RateLimit-Remaining': expect.any(Object),
        'X-RateLimit-Reset': expect.any(Object),
      },
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
  });

  it('tags each route by its area and describes every tag it uses', () => {
    expect(operation('get', '/api/anomaly/datasets').tags).toEqual(['triage']);
    expect(operation('get', '/api/v1/detectors/algorithms').tags).toEqual(['detectors']);
    expect(operation('get', '/api/openapi.json').tags).toEqual(['reference']);
    const used = new Set(
      Object.values(document.paths).flatMap((m) => Object.values(m).flatMap((o) => o.tags)),
    );
    expect(document.tags.map((t) => t.name).sort()).toEqual([...used].sort());
    expect(() => tagOf({ paths: ['/api/v1/unheard-of'] })).toThrow(/unheard-of/);
  });

  it('documents any route table, not only the real one', () => {
    const route: RouteDefinition = {
      id: 'Thing',
      method: 'PATCH',
      paths: ['/api/v1/datasets/{id}'],
      handler: 'http/thing',
      auth: 'user',
      scope: 'datasets:write',
    };
    const patch = openApiDocument([route]).paths['/api/v1/datasets/{id}']?.patch;
    expect(patch).toMatchObject({ operationId: 'Thing', summary: 'Thing', tags: ['datasets'] });
    expect(patch?.requestBody).toBeUndefined();
  });

  it("documents a route's answer where it declares one, and an open JSON answer elsewhere", () => {
    const route: RouteDefinition = {
      id: 'Thing',
      method: 'GET',
      paths: ['/api/v1/datasets'],
      handler: 'http/thing',
      answer: z.object({ count: z.number().int().describe('How many'), note: z.string().optional() }),
      auth: 'user',
      scope: 'datasets:read',
    };
    const answered = openApiDocument([route]).paths['/api/v1/datasets']?.get?.responses['200'];
    expect(answered).toMatchObject({
      content: {
        'application/json': {
          schema: { type: 'object', required: ['count'], properties: { count: { description: 'How many' } } },
        },
      },
    });
    expect(operation('get', '/api/v1/detectors').responses['200']).toMatchObject({
      content: { 'application/json': { schema: {} } },
    });
  });

  it("documents the answer of a route's other success statuses, keeping their description", () => {
    const route: RouteDefinition = {
      id: 'Thing',
      method: 'POST',
      paths: ['/api/v1/detection/detect'],
      handler: 'http/thing',
      answer: z.object({ done: z.boolean() }),
      answers: { 202: z.object({ result_url: z.string() }) },
      auth: 'user',
      scope: 'detection:write',
      needs: ['detectionPipeline'],
    };
    const responses = openApiDocument([route]).paths['/api/v1/detection/detect']?.post?.responses;
    expect(responses?.['200']).toMatchObject({
      content: { 'application/json': { schema: { required: ['done'] } } },
    });
    expect(responses?.['202']).toMatchObject({
      description: expect.stringContaining('Queued'),
      headers: { 'X-RateLimit-Limit': expect.any(Object) },
      content: {
        'application/json': {
          schema: { type: 'object', required: ['result_url'], additionalProperties: false },
        },
      },
    });
    const other = openApiDocument([{ ...route, needs: [], answers: { 206: z.object({}) } }]).paths[
      '/api/v1/detection/detect'
    ]?.post?.responses['206'];
    expect(other).toMatchObject({ description: 'OK', content: { 'application/json': { schema: {} } } });
    // The real routes: a queued detection and a large upload converting answer what to poll.
    const polled = (path: string, field: string) =>
      expect(operation('post', path).responses['202']).toMatchObject({
        content: { 'application/json': { schema: { required: expect.arrayContaining([field]) } } },
      });
    polled('/api/v1/detection/detect', 'result_url');
    polled('/api/v1/datasets/uploads/{id}/complete', 'status_url');
  });
});

describe('the webhooks section', () => {
  it('describes the signed request of every catalogued event', () => {
    expect(Object.keys(document.webhooks).sort()).toEqual([
      'alert.triggered',
      'analysis.completed',
      'dataset.failed',
      'detection.completed',
      'report.status_changed',
      'report.triaged',
      'training.completed',
    ]);
    const completed = document.webhooks['analysis.completed']?.post as {
      parameters: Array<{ name: string }>;
      requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
    };
    expect(completed.parameters.map((p) => p.name)).toEqual([
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
    ]);
    expect(completed.requestBody.content['application/json']?.schema.properties.data).toMatchObject({
      required: expect.arrayContaining(['dataset_id', 'tenant_id']),
    });
    expect(operation('post', '/api/v1/webhooks')).toMatchObject({
      tags: ['webhooks'],
      'x-scope': 'detection:write',
    });
  });
});

import { Match, type Template } from 'aws-cdk-lib/assertions';
import { ResponseType } from 'aws-cdk-lib/aws-apigateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionRoutes, routes } from '../../functions/routes';
import { BINARY_MEDIA_TYPES } from '../../infra/constructs/pynomaly-api';
import {
  environmentOf,
  resourceNamed,
  resourcesOf,
  routeLogicalId,
  type Synthesized,
  synthesize,
} from './synth';

interface Method {
  id: string;
  httpMethod: string;
  path: string;
  authorizationType: string;
  authorizerId: string | undefined;
  apiKeyRequired: boolean;
  functionId: string | undefined;
}

let synthesized: Synthesized;
let template: Template;
let methods: Method[];
let authorizerId: string;

/** Every AWS::ApiGateway::Method with its full path, rebuilt from the resource tree. */
function apiMethods(t: Template): Method[] {
  const resources = resourcesOf(t, 'AWS::ApiGateway::Resource');
  const pathOf = (ref: unknown): string => {
    const id = (ref as { Ref?: string }).Ref;
    const resource = id ? resources[id] : undefined;
    if (!resource) return ''; // Fn::GetAtt RootResourceId
    return `${pathOf(resource.Properties.ParentId)}/${resource.Properties.PathPart as string}`;
  };
  return Object.entries(resourcesOf(t, 'AWS::ApiGateway::Method')).map(([id, { Properties: p }]) => ({
    id,
    httpMethod: p.HttpMethod as string,
    path: pathOf(p.ResourceId) || '/',
    authorizationType: p.AuthorizationType as string,
    authorizerId: (p.AuthorizerId as { Ref: string } | undefined)?.Ref,
    apiKeyRequired: p.ApiKeyRequired === true,
    functionId: JSON.stringify(p.Integration).match(/"Fn::GetAtt":\["(\w+)","Arn"\]/)?.[1],
  }));
}

beforeAll(() => {
  synthesized = synthesize();
  // The parent and its route stacks as one: methods, resources and functions span them.
  template = synthesized.statelessTree;
  methods = apiMethods(template);
  const [id] = Object.keys(resourcesOf(template, 'AWS::ApiGateway::Authorizer'));
  authorizerId = id ?? '';
});
afterAll(() => synthesized.cleanup());

describe('routes', () => {
  it('get one function per route entry, shared by its aliases', () => {
    for (const route of functionRoutes) {
      const mounted = methods.filter((m) => m.httpMethod === route.method && route.paths.includes(m.path));
      expect(mounted.map((m) => m.path).sort(), route.id).toEqual([...route.paths].sort());
      const functionIds = new Set(mounted.map((m) => m.functionId));
      expect(functionIds.size, route.id).toBe(1);
      expect([...functionIds][0], route.id).toMatch(routeLogicalId(route.id, 'Function'));
    }
    // Route functions are exactly the functions of the route stacks.
    const routeFunctions = synthesized.stackTemplates
      .filter((stack) => stack.nested)
      .flatMap((stack) => Object.values(stack.json.Resources))
      .filter((resource) => resource.Type === 'AWS::Lambda::Function');
    expect(routeFunctions).toHaveLength(functionRoutes.length);
  });

  it('store the body of a route without a function in S3, answering its answer with 201', () => {
    for (const route of routes.filter((r) => r.integration)) {
      const mounted = methods.filter((m) => m.httpMethod === route.method && route.paths.includes(m.path));
      expect(mounted.map((m) => m.path).sort(), route.id).toEqual([...route.paths].sort());
      for (const method of mounted) {
        const resource = resourcesOf(template, 'AWS::ApiGateway::Method')[method.id];
        if (!resource) throw new Error(`No method ${method.id}`);
        const { Integration: integration, MethodResponses: responses } = resource.Properties as {
          Integration: {
            Type: string;
            IntegrationHttpMethod: string;
            Uri: unknown;
            PassthroughBehavior?: string;
            ContentHandling?: string;
            RequestParameters: Record<string, string>;
            IntegrationResponses: Array<{ StatusCode: string; ResponseTemplates?: Record<string, string> }>;
          };
          MethodResponses: Array<{ StatusCode: string }>;
        };
        expect(integration.Type, route.id).toBe('AWS');
        expect(integration.IntegrationHttpMethod).toBe('PUT');
        expect(JSON.stringify(integration.Uri)).toContain(':s3:path/');
        expect(JSON.stringify(integration.Uri)).toContain(`/${route.integration?.prefix}{tenant}/{upload}`);
        // No conversion: the bytes go to S3 as they came (every media type is binary).
        expect(integration.ContentHandling).toBeUndefined();
        expect(integration.RequestParameters).toMatchObject({
          'integration.request.path.tenant': 'context.authorizer.tenantId',
          'integration.request.path.upload': 'context.requestId',
          'integration.request.header.Content-Type': 'method.request.header.Content-Type',
        });
        const [answer] = integration.IntegrationResponses;
        expect(answer?.StatusCode).toBe('201');
        expect(answer?.ResponseTemplates?.['application/json']).toContain('"_id":"$context.requestId"');
        expect(responses.map((r) => r.StatusCode).sort()).toEqual(['201', '500', '503']);
      }
    }
  });

  it('mount nothing the route table does not list', () => {
    const listed = new Set(routes.flatMap((r) => r.paths.map((path) => `${r.method} ${path}`)));
    const mounted = methods.filter((m) => m.httpMethod !== 'OPTIONS').map((m) => `${m.httpMethod} ${m.path}`);
    expect(mounted.sort()).toEqual([...listed].sort());
  });

  it('put the authorizer and the usage-plan key requirement on every user route, neither on public ones', () => {
    expect(authorizerId).not.toBe('');
    for (const route of routes) {
      for (const method of methods.filter(
        (m) => m.httpMethod === route.method && route.paths.includes(m.path),
      )) {
        const where = `${route.id} ${method.path}`;
        if (route.auth === 'user') {
          expect(method.authorizationType, where).toBe('CUSTOM');
          expect(method.authorizerId, where).toBe(authorizerId);
          expect(method.apiKeyRequired, where).toBe(true);
        } else {
          expect(method.authorizationType, where).toBe('NONE');
          expect(method.authorizerId, where).toBeUndefined();
          expect(method.apiKeyRequired, where).toBe(false);
        }
      }
    }
  });

  it('leave CORS preflights open: no authorizer, no key', () => {
    for (const method of methods.filter((m) => m.httpMethod === 'OPTIONS')) {
      expect(method.authorizerId, method.path).toBeUndefined();
      expect(method.apiKeyRequired, method.path).toBe(false);
    }
  });

  it('give every route function the table and bucket, and the pool to those that call Cognito', () => {
    for (const route of functionRoutes) {
      const fn = resourceNamed(template, 'AWS::Lambda::Function', routeLogicalId(route.id, 'Function'));
      const variables = Object.keys(environmentOf(fn));
      expect(variables, route.id).toEqual(expect.arrayContaining(['TABLE_NAME', 'BUCKET_NAME']));
      const knowsPool = variables.includes('USER_POOL_ID') && variables.includes('USER_POOL_CLIENT_ID');
      const callsCognito =
        route.needs?.includes('userPool') ||
        route.needs?.includes('dependencies') ||
        route.cognitoActions !== undefined;
      expect(knowsPool, route.id).toBe(callsCognito);
      expect(fn.Properties.MemorySize, route.id).toBe(route.memoryMb ?? 512);
    }
  });
});

describe('authorizer', () => {
  it('is a REQUEST authorizer without a result cache or identity source, so API-key-only calls reach it', () => {
    template.resourceCountIs('AWS::ApiGateway::Authorizer', 1);
    // Any listed source that a request lacks is a 401 before the authorizer runs; a request
    // with X-API-Key only has no Authorization header, so nothing may be listed.
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      IdentitySource: Match.absent(),
      AuthorizerResultTtlInSeconds: 0,
    });
  });

  it('names the usage plan: the API takes its key from the authorizer', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { ApiKeySourceType: 'AUTHORIZER' });
  });

  it('knows the user pool, its client and the table', () => {
    const fn = resourceNamed(template, 'AWS::Lambda::Function', 'ApiAuthorizerFunction');
    expect(Object.keys(environmentOf(fn))).toEqual(
      expect.arrayContaining(['USER_POOL_ID', 'USER_POOL_CLIENT_ID', 'TABLE_NAME']),
    );
  });
});

describe('stage and gateway', () => {
  it('serves stage v1 with access logs, tracing and throttling', () => {
    const [stage] = Object.values(resourcesOf(template, 'AWS::ApiGateway::Stage'));
    expect(stage?.Properties).toMatchObject({
      StageName: 'v1',
      TracingEnabled: true,
      AccessLogSetting: {
        DestinationArn: { 'Fn::GetAtt': [expect.stringMatching(/^ApiAccessLogs/), 'Arn'] },
      },
      MethodSettings: [
        expect.objectContaining({
          LoggingLevel: 'INFO',
          DataTraceEnabled: false,
          ThrottlingRateLimit: expect.any(Number),
        }),
      ],
    });
  });

  it('treats every media type as binary, so exports reach curl and browsers (Accept: */*) as bytes', () => {
    // API Gateway decodes a base64 answer only when the first Accept type matches an entry, and
    // only an entry of all types matches `*/*` or no Accept; the local gateway reads this list.
    const [api] = Object.values(resourcesOf(template, 'AWS::ApiGateway::RestApi'));
    expect(api?.Properties.BinaryMediaTypes).toEqual(['*/*']);
    expect(BINARY_MEDIA_TYPES).toEqual(['*/*']);
  });

  it('customizes every gateway response type, so the DEFAULT_4XX/5XX statuses relabel nothing', () => {
    const all = Object.values(ResponseType)
      .filter((value): value is ResponseType => value instanceof ResponseType)
      .map((type) => type.responseType);
    const customized = Object.values(resourcesOf(template, 'AWS::ApiGateway::GatewayResponse')).map(
      (r) => r.Properties.ResponseType,
    );
    expect(all.length).toBeGreaterThan(15);
    expect(customized.sort()).toEqual(all.sort());
  });

  it.each([
    ['DEFAULT_4XX', 400],
    ['DEFAULT_5XX', 500],
    ['UNAUTHORIZED', 401],
    ['ACCESS_DENIED', 403],
    ['THROTTLED', 429],
    ['MISSING_AUTHENTICATION_TOKEN', 404],
  ])('answers %s as application/problem+json with status %i', (type, status) => {
    const response = Object.values(resourcesOf(template, 'AWS::ApiGateway::GatewayResponse')).find(
      (r) => r.Properties.ResponseType === type,
    );
    if (!response) throw new Error(`no ${type} gateway response`);
    expect(response.Properties).toMatchObject({
      StatusCode: String(status),
      ResponseParameters: { 'gatewayresponse.header.Content-Type': "'application/problem+json'" },
    });
    const body = (response.Properties.ResponseTemplates as Record<string, string>)['application/json'] ?? '';
    // What API Gateway makes of it: messageString is a JSON string, the others plain text.
    const rendered = body
      .replace('$context.error.messageString', '"Unauthorized"')
      .replace('$context.path', '/v1/api/x')
      .replace('$context.requestId', 'req-1');
    expect(JSON.parse(rendered)).toEqual({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: 'Unauthorized',
      instance: '/v1/api/x',
      code: expect.stringMatching(/^[A-Z_]+$/),
      request_id: 'req-1',
    });
  });
});

describe('every function of the stateless stack and its route stacks', () => {
  it('runs Node 20 on arm64, traced, logging to its own log group with the shared variables', () => {
    const functions = Object.entries(resourcesOf(template, 'AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThan(routes.length);
    for (const [id, fn] of functions) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/Logs/) } },
      });
      expect(environmentOf(fn), id).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'pynomaly',
        LOG_LEVEL: 'INFO',
      });
      // No source map is shipped, so nothing to enable (it cost 0.3-0.5 s of every cold start).
      expect(environmentOf(fn).NODE_OPTIONS, id).toBeUndefined();
    }
  });

  it('keeps logs for a bounded time', () => {
    for (const [id, group] of Object.entries(resourcesOf(template, 'AWS::Logs::LogGroup'))) {
      expect(group.Properties.RetentionInDays, id).toBeGreaterThan(0);
    }
  });
});

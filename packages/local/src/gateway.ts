import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BINARY_MEDIA_TYPES } from '@pynomaly/core';
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  APIGatewayRequestAuthorizerEvent,
} from 'aws-lambda';
import {
  authorizerHandler,
  type RouteDefinition,
  routes,
  type StoredBodyIntegration,
} from '../../../functions/routes';
import {
  answerTime,
  type RequestFacts,
  storedBodyAnswer,
  storedBodyKey,
  storedBodyMetadata,
} from '../../../functions/stored-body';
import { decodesBinaryAnswer, gatewayAnswerCors, preflightHeaders, requestIsBinary } from './gateway-rules';
import { answerTooLarge, requestTooLarge, withinIntegrationTimeout } from './integration-limits';
import { invokeFunction } from './lambda-runtime';
import { LOCAL_CREDENTIALS, type LocalSettings } from './settings';
import type { LocalStaticSite } from './static-site';
import type { LocalUsagePlans } from './usage-plans';
import { LocalWebSocketApi } from './websocket';

/** API Gateway's payload limit for REST APIs. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  route: RouteDefinition;
  resource: string;
  pattern: RegExp;
  params: string[];
}

// Static segments win over path parameters, as in API Gateway (`/detectors/algorithms` before `/detectors/{id}`).
const compiled: CompiledRoute[] = routes.flatMap((route) =>
  route.paths.map((resource) => {
    const params: string[] = [];
    const source = resource.replace(/\{(\w+)\}/g, (_, name: string) => {
      params.push(name);
      return '([^/]+)';
    });
    return { route, resource, pattern: new RegExp(`^${source}/?$`), params };
  }),
);
compiled.sort((a, b) => a.params.length - b.params.length);

function problem(
  res: ServerResponse,
  status: number,
  title: string,
  detail: string,
  requestId: string,
  path: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { ...headers, 'Content-Type': 'application/problem+json' });
  res.end(
    JSON.stringify({ type: 'about:blank', title, status, detail, instance: path, request_id: requestId }),
  );
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  // An oversized body is still read to its end (and dropped), so the connection stays usable.
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks);
}

function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

function grouped(pairs: Iterable<[string, string]>): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  for (const [key, value] of pairs) {
    values[key] = [...(values[key] ?? []), value];
  }
  return values;
}

function singleValued(values: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v[v.length - 1] ?? '']));
}

/**
 * The local API Gateway: matches the route table, runs the same authorizer on protected
 * routes, and hands the route's handler the REST proxy event API Gateway would build. In front
 * of it, as CloudFront is on AWS, the dashboard's site takes the paths that are not the API's.
 */
export class LocalGateway {
  private server?: Server;
  private readonly s3: S3Client;
  /** The live-detection WebSocket API, on the same server (packages/local/src/websocket.ts). */
  private readonly live: LocalWebSocketApi;

  constructor(
    private readonly settings: LocalSettings,
    private readonly usagePlans: LocalUsagePlans,
    private readonly site: LocalStaticSite,
  ) {
    this.s3 = new S3Client({
      region: settings.region,
      credentials: LOCAL_CREDENTIALS,
      endpoint: `http://${settings.host}:${settings.ports.s3}`,
      forcePathStyle: true,
    });
    this.live = new LocalWebSocketApi(settings);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const answer = this.live.serves(req)
        ? this.live.manage(req, res)
        : this.site.serves(req)
          ? this.site.serve(req, res)
          : this.handle(req, res);
      answer.catch((error: Error) => {
        console.error(`gateway: ${error.stack ?? error.message}`);
        if (!res.headersSent)
          problem(
            res,
            502,
            'Bad Gateway',
            'The route failed to answer',
            'n/a',
            req.url ?? '/',
            this.cors(req),
          );
      });
    });
    this.live.attach(this.server);
    await new Promise<void>((r) => this.server?.listen(this.settings.ports.api, this.settings.host, r));
  }

  async stop(): Promise<void> {
    this.live.close();
    await new Promise((r) => this.server?.close(r));
    this.server?.closeAllConnections();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    // The gateway's own answers carry CORS headers as the deployed gateway responses do.
    const cors = this.cors(req);
    // API Gateway refuses a path it cannot percent-decode (a broken escape, or bytes that are
    // not UTF-8) with 400, before routing or authorizing; so no handler ever sees one.
    if (!decodable(url.pathname))
      return problem(
        res,
        400,
        'Bad Request',
        'The path is not valid percent-encoded UTF-8',
        requestId,
        url.pathname,
        cors,
      );
    const matches = compiled.filter((c) => c.pattern.test(url.pathname));
    const match = matches.find((c) => c.route.method === method);
    // With origins configured, CDK puts a MOCK preflight on every resource: public, no function.
    if (!match && method === 'OPTIONS' && matches.length > 0 && this.settings.corsOrigins.length > 0) {
      res.writeHead(204, {
        ...preflightHeaders(req.headers.origin, this.settings.corsOrigins),
        'X-Request-Id': requestId,
      });
      res.end();
      return;
    }
    if (!match) {
      if (matches.length > 0)
        return problem(
          res,
          405,
          'Method Not Allowed',
          `${method} is not allowed here`,
          requestId,
          url.pathname,
          cors,
        );
      return problem(
        res,
        404,
        'Not Found',
        `No route for ${method} ${url.pathname}`,
        requestId,
        url.pathname,
        cors,
      );
    }
    const body = await readBody(req);
    if (body === 'too-large')
      return problem(
        res,
        413,
        'Payload Too Large',
        'Request bodies are limited to 10 MB',
        requestId,
        url.pathname,
        cors,
      );

    const values = match.pattern.exec(url.pathname)?.slice(1) ?? [];
    const pathParameters = Object.fromEntries(
      match.params.map((name, i) => [name, decodeURIComponent(values[i] ?? '')]),
    );
    const headerPairs: Array<[string, string]> = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      headerPairs.push([req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '']);
    const multiValueHeaders = grouped(headerPairs);
    const multiValueQuery = grouped(url.searchParams);
    // API Gateway hands the function a body whose type is a binary media type base64-encoded.
    const isBinary = body.length > 0 && requestIsBinary(req.headers['content-type'], BINARY_MEDIA_TYPES);
    const requestContext = {
      requestId,
      stage: 'v1',
      path: url.pathname,
      resourcePath: match.resource,
      httpMethod: method,
      identity: {
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? null,
      },
    } as unknown as APIGatewayProxyEvent['requestContext'];
    const event: APIGatewayProxyEvent = {
      resource: match.resource,
      path: url.pathname,
      httpMethod: method,
      headers: singleValued(multiValueHeaders),
      multiValueHeaders,
      queryStringParameters: url.searchParams.size > 0 ? singleValued(multiValueQuery) : null,
      multiValueQueryStringParameters: url.searchParams.size > 0 ? multiValueQuery : null,
      pathParameters: match.params.length > 0 ? pathParameters : null,
      stageVariables: null,
      requestContext,
      body: body.length === 0 ? null : isBinary ? body.toString('base64') : body.toString('utf8'),
      isBase64Encoded: isBinary,
    };

    if (match.route.auth !== 'public') {
      const authorized = await this.authorize(event, match);
      if (!authorized.ok)
        return problem(
          res,
          authorized.status,
          authorized.title,
          authorized.detail,
          requestId,
          url.pathname,
          cors,
        );
      event.requestContext.authorizer = { ...authorized.context, principalId: authorized.principalId };
      // API key source AUTHORIZER: the plan of the key the authorizer named meters the request.
      const metered = this.usagePlans.meter(authorized.usageIdentifierKey);
      if (metered)
        return problem(res, metered.status, metered.title, metered.detail, requestId, url.pathname, {
          ...cors,
          ...metered.headers,
        });
    }

    if (match.route.integration)
      return this.storeBody(match.route.integration, req, body, event.requestContext, res, cors);

    const refused = requestTooLarge(event);
    if (refused)
      return problem(res, refused.status, refused.title, refused.detail, requestId, url.pathname, cors);
    const invoked = await withinIntegrationTimeout(
      invokeFunction(match.route.handler, event, match.route.timeoutSeconds ?? 29),
    );
    const fault = 'fault' in invoked ? invoked.fault : answerTooLarge(invoked.answer);
    if (fault) return problem(res, fault.status, fault.title, fault.detail, requestId, url.pathname, cors);
    const result = (invoked as { answer: APIGatewayProxyResult }).answer;
    const headers: Record<string, string> = { 'X-Request-Id': requestId };
    for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
    res.writeHead(result.statusCode, headers);
    // A base64 answer becomes bytes only if the first Accept type is a binary media type;
    // otherwise API Gateway sends the base64 text itself.
    const decode = result.isBase64Encoded && decodesBinaryAnswer(req.headers.accept, BINARY_MEDIA_TYPES);
    res.end(decode ? Buffer.from(result.body, 'base64') : result.body);
  }

  /**
   * A route API Gateway answers itself: the body is put in the data bucket as it came, with the
   * request's facts as metadata, and the route's answer given with 201 (infra/constructs/
   * stored-body-method.ts builds the same from the same description).
   */
  private async storeBody(
    integration: StoredBodyIntegration,
    req: IncomingMessage,
    body: Buffer,
    context: APIGatewayProxyEvent['requestContext'],
    res: ServerResponse,
    cors: Record<string, string>,
  ): Promise<void> {
    const authorizer = (context.authorizer ?? {}) as Record<string, string | undefined>;
    const facts: RequestFacts = {
      requestId: context.requestId,
      requestTime: answerTime(new Date()),
      tenantId: authorizer.tenantId ?? '',
      userId: authorizer.userId ?? '',
      username: authorizer.username ?? '',
    };
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: storedBodyKey(integration, facts),
        Body: body,
        ContentType: req.headers['content-type'],
        Metadata: storedBodyMetadata(integration, facts),
      }),
    );
    res.writeHead(201, { ...cors, 'Content-Type': 'application/json', 'X-Request-Id': context.requestId });
    res.end(JSON.stringify(storedBodyAnswer(integration, facts)));
  }

  private cors(req: IncomingMessage): Record<string, string> {
    return gatewayAnswerCors(req.headers.origin, this.settings.corsOrigins);
  }

  private async authorize(
    event: APIGatewayProxyEvent,
    match: CompiledRoute,
  ): Promise<
    | { ok: true; principalId: string; context: Record<string, unknown>; usageIdentifierKey?: string }
    | { ok: false; status: number; title: string; detail: string }
  > {
    const methodArn = `arn:aws:execute-api:${this.settings.region}:000000000000:local/v1/${event.httpMethod}${match.resource}`;
    const authorizerEvent = {
      type: 'REQUEST',
      methodArn,
      resource: match.resource,
      path: event.path,
      httpMethod: event.httpMethod,
      headers: event.headers,
      multiValueHeaders: event.multiValueHeaders,
      queryStringParameters: event.queryStringParameters,
      multiValueQueryStringParameters: event.multiValueQueryStringParameters,
      pathParameters: event.pathParameters,
      stageVariables: null,
      requestContext: event.requestContext,
    } as unknown as APIGatewayRequestAuthorizerEvent;
    let answer: {
      principalId: string;
      policyDocument: { Statement: Array<{ Effect: string }> };
      context?: Record<string, unknown>;
      usageIdentifierKey?: string;
    };
    try {
      answer = (await invokeFunction(authorizerHandler, authorizerEvent, 10)) as typeof answer;
    } catch (error) {
      // API Gateway answers 401 when the authorizer throws "Unauthorized", and 500 otherwise.
      if ((error as Error).message === 'Unauthorized')
        return { ok: false, status: 401, title: 'Unauthorized', detail: 'Not authenticated' };
      console.error(`authorizer failed: ${(error as Error).message}`);
      return { ok: false, status: 500, title: 'Internal Server Error', detail: 'Authorizer failed' };
    }
    const allowed = answer.policyDocument.Statement.every((s) => s.Effect === 'Allow');
    if (!allowed)
      return { ok: false, status: 403, title: 'Forbidden', detail: 'Not authorized to access this resource' };
    return {
      ok: true,
      principalId: answer.principalId,
      context: answer.context ?? {},
      usageIdentifierKey: answer.usageIdentifierKey,
    };
  }
}

/**
 * Errors API Gateway answers itself (before or instead of a route function) in the same RFC 7807
 * shape the route functions use. Gateway templates substitute variables but run no logic, so each
 * response type gets its own fixed status, title and code.
 */
import { ResponseType, type RestApiBase } from 'aws-cdk-lib/aws-apigateway';
import { CORS_EXPOSE_HEADERS, gatewayResponseOrigin } from '../../packages/core/src/http/cors';

interface Problem {
  readonly type: ResponseType;
  readonly status: number;
  readonly title: string;
  readonly code: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Every gateway response type, so the DEFAULT_4XX/5XX fallbacks (whose status is fixed here)
 * never relabel a more specific error. Codes follow packages/core/src/errors.ts.
 */
const GATEWAY_PROBLEMS: readonly Problem[] = [
  { type: ResponseType.DEFAULT_4XX, status: 400, title: 'Invalid request', code: 'VALIDATION_ERROR' },
  { type: ResponseType.DEFAULT_5XX, status: 500, title: 'Internal server error', code: 'INTERNAL_ERROR' },
  { type: ResponseType.BAD_REQUEST_BODY, status: 400, title: 'Invalid request', code: 'VALIDATION_ERROR' },
  {
    type: ResponseType.BAD_REQUEST_PARAMETERS,
    status: 400,
    title: 'Invalid request',
    code: 'VALIDATION_ERROR',
  },
  { type: ResponseType.UNAUTHORIZED, status: 401, title: 'Not authenticated', code: 'AUTHENTICATION_ERROR' },
  { type: ResponseType.ACCESS_DENIED, status: 403, title: 'Forbidden', code: 'AUTHORIZATION_ERROR' },
  { type: ResponseType.EXPIRED_TOKEN, status: 403, title: 'Forbidden', code: 'AUTHORIZATION_ERROR' },
  { type: ResponseType.INVALID_API_KEY, status: 403, title: 'Forbidden', code: 'AUTHORIZATION_ERROR' },
  { type: ResponseType.INVALID_SIGNATURE, status: 403, title: 'Forbidden', code: 'AUTHORIZATION_ERROR' },
  { type: ResponseType.WAF_FILTERED, status: 403, title: 'Forbidden', code: 'AUTHORIZATION_ERROR' },
  // A REST API answers an unknown path or method with "Missing Authentication Token": it is a 404.
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, status: 404, title: 'Not found', code: 'NOT_FOUND' },
  { type: ResponseType.RESOURCE_NOT_FOUND, status: 404, title: 'Not found', code: 'NOT_FOUND' },
  {
    type: ResponseType.REQUEST_TOO_LARGE,
    status: 413,
    title: 'Payload too large',
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    type: ResponseType.UNSUPPORTED_MEDIA_TYPE,
    status: 415,
    title: 'Unsupported media type',
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  // Stage throttling refills every second.
  {
    type: ResponseType.THROTTLED,
    status: 429,
    title: 'Too many requests',
    code: 'RATE_LIMIT_EXCEEDED',
    headers: { 'Retry-After': '1' },
  },
  { type: ResponseType.QUOTA_EXCEEDED, status: 429, title: 'Too many requests', code: 'RATE_LIMIT_EXCEEDED' },
  {
    type: ResponseType.AUTHORIZER_FAILURE,
    status: 500,
    title: 'Internal server error',
    code: 'INTERNAL_ERROR',
  },
  {
    type: ResponseType.AUTHORIZER_CONFIGURATION_ERROR,
    status: 500,
    title: 'Internal server error',
    code: 'INTERNAL_ERROR',
  },
  {
    type: ResponseType.API_CONFIGURATION_ERROR,
    status: 500,
    title: 'Internal server error',
    code: 'INTERNAL_ERROR',
  },
  { type: ResponseType.INTEGRATION_FAILURE, status: 502, title: 'Bad gateway', code: 'INTERNAL_ERROR' },
  { type: ResponseType.INTEGRATION_TIMEOUT, status: 504, title: 'Gateway timeout', code: 'GATEWAY_TIMEOUT' },
];

/** The problem document of one response; `$context` variables are filled in by API Gateway. */
function problemTemplate(problem: Pick<Problem, 'status' | 'title' | 'code'>): string {
  // messageString is already a quoted JSON string; the others are inserted bare.
  return `{"type":"about:blank","title":"${problem.title}","status":${problem.status},"detail":$context.error.messageString,"instance":"$context.path","code":"${problem.code}","request_id":"$context.requestId"}`;
}

/**
 * The CORS headers of every gateway response, as response parameters: a quoted literal or a
 * request header. Without them a browser page sees a 401 or 429 as a network error. The local
 * gateway answers with the same rule (packages/local/src/gateway-rules.ts).
 */
export function gatewayCorsParameters(corsOrigins: readonly string[]): Record<string, string> {
  const rule = gatewayResponseOrigin(corsOrigins);
  if (!rule) return {};
  return {
    'Access-Control-Allow-Origin': 'value' in rule ? `'${rule.value}'` : 'method.request.header.Origin',
    'Access-Control-Expose-Headers': `'${CORS_EXPOSE_HEADERS.join(',')}'`,
    Vary: "'Origin'",
  };
}

/** Add a problem+json gateway response for every response type to the API. */
export function addProblemResponses(api: RestApiBase, corsOrigins: readonly string[] = []): void {
  const cors = gatewayCorsParameters(corsOrigins);
  for (const problem of GATEWAY_PROBLEMS) {
    const template = problemTemplate(problem);
    api.addGatewayResponse(`Problem${problem.type.responseType}`, {
      type: problem.type,
      statusCode: String(problem.status),
      responseHeaders: {
        'Content-Type': "'application/problem+json'",
        ...cors,
        ...Object.fromEntries(
          Object.entries(problem.headers ?? {}).map(([name, value]) => [name, `'${value}'`]),
        ),
      },
      // Keyed by the Accept type API Gateway matches; both give the same document.
      templates: { 'application/json': template, 'application/problem+json': template },
    });
  }
}

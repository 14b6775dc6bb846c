/**
 * What API Gateway (REST) does between the caller and a route function that the local gateway
 * must do the same way, driven by the settings the CDK stack deploys: the binary media types
 * (BINARY_MEDIA_TYPES) and the allowed CORS origins. Were the local gateway more lenient than
 * AWS (it once decoded every base64 answer), a bug like exports arriving as base64 text would
 * pass every local test and show only after a deploy.
 */
import {
  CORS_ALLOW_HEADERS,
  CORS_EXPOSE_HEADERS,
  CORS_MAX_AGE_SECONDS,
  corsHeaders,
  gatewayResponseOrigin,
} from '@pynomaly/core';

/**
 * The media type API Gateway assumes for a request without Content-Type or Accept: it selects
 * `application/json` mapping templates then, and binary handling follows the same type.
 */
const DEFAULT_MEDIA_TYPE = 'application/json';

/** `type/subtype` of a header value, lower case, without parameters; the default if empty. */
function mediaTypeOf(value: string | undefined): string {
  const type = (value ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === '' ? DEFAULT_MEDIA_TYPE : type;
}

/**
 * Whether `type` is one of `binaryMediaTypes`. Entries may use `*` for either part (`image/*`,
 * or both); the type tested is taken literally, so `Accept` of all types matches only an entry
 * of all types, never `application/octet-stream`.
 */
export function isBinaryMediaType(type: string, binaryMediaTypes: readonly string[]): boolean {
  const [kind, subtype] = type.split('/');
  return binaryMediaTypes.some((entry) => {
    const [entryKind, entrySubtype] = entry.toLowerCase().split('/');
    return (entryKind === '*' || entryKind === kind) && (entrySubtype === '*' || entrySubtype === subtype);
  });
}

/** Whether a request body with this Content-Type reaches the function base64-encoded. */
export function requestIsBinary(
  contentType: string | undefined,
  binaryMediaTypes: readonly string[],
): boolean {
  return isBinaryMediaType(mediaTypeOf(contentType), binaryMediaTypes);
}

/**
 * Whether a function's `isBase64Encoded` answer is decoded to bytes: only when the request's
 * FIRST Accept type matches; otherwise API Gateway returns the base64 text as the body.
 */
export function decodesBinaryAnswer(
  accept: string | undefined,
  binaryMediaTypes: readonly string[],
): boolean {
  return isBinaryMediaType(mediaTypeOf(accept?.split(',')[0]), binaryMediaTypes);
}

/**
 * The CORS headers of an answer the gateway gives itself (401, 403, 404, 413, 429, 5xx: the
 * gateway responses of infra/constructs/problem-responses.ts, whose headers cannot depend on
 * a condition): the one allowed origin, or with several, the request's Origin echoed.
 */
export function gatewayAnswerCors(
  origin: string | undefined,
  allowed: readonly string[],
): Record<string, string> {
  const rule = gatewayResponseOrigin(allowed);
  if (!rule) return {};
  const value = 'value' in rule ? rule.value : origin;
  if (!value) return { Vary: 'Origin' };
  return {
    'Access-Control-Allow-Origin': value,
    'Access-Control-Expose-Headers': CORS_EXPOSE_HEADERS.join(','),
    Vary: 'Origin',
  };
}

/** What CDK's preflight (a MOCK integration on every resource's OPTIONS) answers. */
export const PREFLIGHT_METHODS = ['OPTIONS', 'GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD'];

/**
 * The preflight answer, as `addCorsPreflight` builds it: `Access-Control-Allow-Origin` is the
 * first allowed origin, replaced by the request's Origin when that is one of the others.
 */
export function preflightHeaders(
  origin: string | undefined,
  allowed: readonly string[],
): Record<string, string> {
  const [first] = allowed;
  if (first === undefined) return {};
  const matched = corsHeaders(origin, allowed)['Access-Control-Allow-Origin'];
  return {
    'Access-Control-Allow-Origin': matched ?? first,
    Vary: 'Origin',
    'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS.join(','),
    'Access-Control-Allow-Methods': PREFLIGHT_METHODS.join(','),
    'Access-Control-Max-Age': String(CORS_MAX_AGE_SECONDS),
    'Access-Control-Expose-Headers': CORS_EXPOSE_HEADERS.join(','),
  };
}

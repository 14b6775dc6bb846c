import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { z } from 'zod';
import { AuthenticationError, ValidationError } from '../errors';
import { type Principal, roles } from '../principal';

/** The caller, as the authorizer put it in the request context. */
export function principalOf(event: APIGatewayProxyEvent): Principal {
  const principal = principalIn(event);
  if (!principal) throw new AuthenticationError('Not authenticated');
  return principal;
}

/** The principal of an authorized request, or undefined on a public route. */
export function principalIn(event: APIGatewayProxyEvent): Principal | undefined {
  const context = (event.requestContext?.authorizer ?? {}) as Record<string, unknown>;
  const { tenantId, userId, username, role, scopes, tier, via, mfa } = context;
  if (
    typeof tenantId !== 'string' ||
    typeof userId !== 'string' ||
    !roles.includes(role as Principal['role'])
  ) {
    return undefined;
  }
  return {
    tenantId,
    userId,
    username: typeof username === 'string' ? username : userId,
    role: role as Principal['role'],
    // Authorizer context values must be scalars, so scopes travel space-separated.
    scopes: typeof scopes === 'string' && scopes ? scopes.split(' ') : [],
    tier: tier === 'api_key' || tier === 'admin' ? tier : 'user',
    via: via === 'api_key' ? 'api_key' : 'jwt',
    ...(via === 'api_key' ? {} : { mfa: mfa === 'true' }),
  };
}

/**
 * Longest path parameter, in UTF-8 bytes. Ids are far shorter (a username at most 128), and
 * one over 1,024 bytes would reach DynamoDB as a key it refuses.
 */
export const MAX_PATH_PARAMETER_BYTES = 256;

/** Control characters, and lone surrogates (a broken UTF-16 string no key can hold). */
const UNFIT_IN_ID = /[\p{Cc}\p{Cs}]/u;

/**
 * Refuses (400) a path parameter no resource can be named by — longer than
 * {@link MAX_PATH_PARAMETER_BYTES}, with control characters or broken Unicode — before any
 * handler looks it up. A malformed id is the caller's mistake, not an unknown resource, so
 * it is a 400 naming the parameter rather than a 404. Every route runs it (httpHandler).
 */
export function checkPathParameters(event: APIGatewayProxyEvent): void {
  const unfit = Object.entries(event.pathParameters ?? {}).filter(
    ([, value]) =>
      value !== undefined &&
      (Buffer.byteLength(value, 'utf8') > MAX_PATH_PARAMETER_BYTES || UNFIT_IN_ID.test(value)),
  );
  if (unfit.length > 0)
    throw new ValidationError(
      `Invalid path parameter ${unfit.map(([name]) => name).join(', ')}`,
      unfit.map(([field]) => ({
        field,
        message: `at most ${MAX_PATH_PARAMETER_BYTES} bytes, without control characters`,
      })),
    );
}

/** A path parameter the route declares. */
export function pathParam(event: APIGatewayProxyEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (!value)
    throw new ValidationError(`Missing path parameter ${name}`, [{ field: name, message: 'required' }]);
  return value;
}

function issuesOf(error: z.ZodError, prefix: string) {
  return error.issues.map((i) => ({
    field: [prefix, ...i.path].filter((p) => p !== '').join('.'),
    message: i.message,
  }));
}

/** The query string, validated. */
export function parseQuery<S extends z.ZodType>(event: APIGatewayProxyEvent, schema: S): z.infer<S> {
  const parsed = schema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw new ValidationError('Invalid query parameters', issuesOf(parsed.error, ''));
  return parsed.data;
}

/** The JSON body, validated. */
export function parseJsonBody<S extends z.ZodType>(event: APIGatewayProxyEvent, schema: S): z.infer<S> {
  const raw =
    event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  let data: unknown;
  try {
    data = raw ? JSON.parse(raw) : {};
  } catch {
    throw new ValidationError('Request body is not valid JSON');
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new ValidationError('Invalid request body', issuesOf(parsed.error, ''));
  return parsed.data;
}

/** A header, case-insensitively. */
export function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {}))
    if (key.toLowerCase() === wanted) return value ?? undefined;
  return undefined;
}

/** The bearer token of the request (already verified by the authorizer on protected routes). */
export function bearerToken(event: APIGatewayProxyEvent): string {
  const token = /^Bearer\s+(\S+)$/i.exec(header(event, 'authorization') ?? '')?.[1];
  if (!token) throw new AuthenticationError('This action needs a signed-in user, not an API key');
  return token;
}

/** The caller's address, for the audit trail. */
export function sourceIp(event: APIGatewayProxyEvent): string | null {
  return event.requestContext?.identity?.sourceIp ?? null;
}

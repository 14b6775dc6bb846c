import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { z } from 'zod';
import { AuthenticationError, ValidationError } from '../errors';
import { type Principal, roles } from '../principal';

/** The caller, as the authorizer put it in the request context. */
export function principalOf(event: APIGatewayProxyEvent): Principal {
  const ctx = event.requestContext.authorizer ?? {};
  const { tenantId, userId, username, role } = ctx as Record<string, unknown>;
  if (
    typeof tenantId !== 'string' ||
    typeof userId !== 'string' ||
    !roles.includes(role as Principal['role'])
  ) {
    throw new AuthenticationError('Not authenticated');
  }
  return {
    tenantId,
    userId,
    username: typeof username === 'string' ? username : userId,
    role: role as Principal['role'],
  };
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

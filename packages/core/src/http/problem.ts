import { AppError, InternalError, ValidationError } from '../errors';

const problemBase = 'https://pynomaly.dev/problems/';

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

/**
 * Maps any thrown value to an RFC 7807 `application/problem+json` response. Errors that are
 * not ours become a bare 500 so no stack, ARN or SDK message reaches the caller.
 */
export function problemResponse(error: unknown, requestId: string, instance: string): HttpResponse {
  const known = error instanceof AppError ? error : new InternalError('Internal server error');
  const detail = known.expose
    ? known.message
    : 'An unexpected error occurred. Quote the request_id when reporting it.';
  const body: Record<string, unknown> = {
    type: `${problemBase}${known.code.toLowerCase().replaceAll('_', '-')}`,
    title: known.title,
    status: known.statusCode,
    detail,
    instance,
    code: known.code,
    request_id: requestId,
  };
  if (known instanceof ValidationError && known.errors.length > 0) body.errors = known.errors;
  return {
    statusCode: known.statusCode,
    headers: { 'Content-Type': 'application/problem+json', ...known.headers },
    body: JSON.stringify(body),
  };
}

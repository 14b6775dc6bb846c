import type { ZodType, z } from 'zod';
import type { HttpResponse } from './problem';

/** A JSON response. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * A JSON answer shaped by its documented schema (the route's `answer`, which the OpenAPI
 * document publishes): the body must fit the schema's input, and only what the schema names
 * is sent, so a field the document does not promise never leaves by accident.
 */
export function answer<S extends ZodType>(
  statusCode: number,
  schema: S,
  body: z.input<S>,
  headers: Record<string, string> = {},
): HttpResponse {
  return json(statusCode, schema.parse(body), headers);
}

/** An HTML page. */
export function html(statusCode: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode, headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers }, body };
}

export function noContent(): HttpResponse {
  return { statusCode: 204, headers: {}, body: '' };
}

/** A file download; the body travels base64-encoded through API Gateway. */
export function fileDownload(body: Buffer, contentType: string, contentDisposition: string): HttpResponse {
  return {
    statusCode: 200,
    headers: { 'Content-Type': contentType, 'Content-Disposition': contentDisposition },
    body: body.toString('base64'),
    isBase64Encoded: true,
  };
}

/**
 * A download too large to travel through Lambda (6 MB, base64 encoded): 303 to a signed URL
 * of the stored file. curl -L and browsers follow it; the body says the same for scripts.
 */
export function downloadRedirect(url: string, expiresIn: number): HttpResponse {
  return json(303, { download_url: url, expires_in: expiresIn }, { Location: url });
}

import { posix } from 'node:path';
import { html, httpHandler } from '@pynomaly/core';
import { REFERENCE_PAGE_CSP, redocPage, swaggerPage } from './reference-pages';

/** Swagger UI at `/api/docs`, Redoc at `/api/redoc`: pages whose links are relative to them. */
export const handler = httpHandler(
  async (event) => {
    const base = posix.relative(posix.dirname(event.resource), '/api');
    const prefix = `${event.path.endsWith('/') ? '../' : ''}${base ? `${base}/` : ''}`;
    const page = event.resource.endsWith('/redoc') ? redocPage(prefix) : swaggerPage(prefix);
    return html(200, page, { 'Content-Security-Policy': REFERENCE_PAGE_CSP });
  },
  { budget: 'none' },
);

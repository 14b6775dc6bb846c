import { posix } from 'node:path';
import { html, httpHandler } from '@pynomaly/core';
import { DOCS_PAGE_CSP, docsPage } from './docs-page';
import { openApiDocument } from './openapi';

const document = openApiDocument();

/**
 * The browsable API reference. Its link to the JSON document is relative to the route's own
 * resource (`/api/docs` or `/docs`), so it holds behind any stage or base path.
 */
export const handler = httpHandler(
  async (event) => {
    const link = posix.relative(posix.dirname(event.resource), '/api/openapi.json');
    return html(200, docsPage(document, event.path.endsWith('/') ? `../${link}` : link), {
      'Content-Security-Policy': DOCS_PAGE_CSP,
    });
  },
  { budget: 'none' },
);

/**
 * The interactive references: Swagger UI (`/api/docs`, with "Try it out" against this API) and
 * Redoc (`/api/redoc`), their browser files served by this API (no CDN), the document fetched
 * from `/api/openapi.json`. Every URL is relative to the page, so it holds behind a stage path.
 */
import { createHash } from 'node:crypto';
import { DOCS_ASSETS_VERSIONS } from './docs-assets/versions';

const asset = (name: keyof typeof DOCS_ASSETS_VERSIONS, base: string) =>
  `${base}docs/assets/${name}?v=${DOCS_ASSETS_VERSIONS[name]}`;

const SWAGGER_INIT = `window.ui = SwaggerUIBundle({ url: document.body.dataset.spec, dom_id: '#ui', deepLinking: true, tryItOutEnabled: false });`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** What the pages may load and run: their own files and the init script above; styles inline (both libraries inject them). */
export const REFERENCE_PAGE_CSP = [
  "default-src 'none'",
  `script-src 'self' ${sha256(SWAGGER_INIT)}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const page = (title: string, head: string, body: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>${head}</head>
<body${body}</body>
</html>
`;

/** `base` leads from the page to `/api/` (`''` at `/api/docs`, `'../'` at `/api/docs/`). */
export function swaggerPage(base: string): string {
  return page(
    'Pynomaly API — Swagger UI',
    `<link rel="stylesheet" href="${asset('swagger-ui.css', base)}">`,
    ` data-spec="${base}openapi.json"><div id="ui"></div><script src="${asset('swagger-ui-bundle.js', base)}"></script><script>${SWAGGER_INIT}</script>`,
  );
}

export function redocPage(base: string): string {
  return page(
    'Pynomaly API — Redoc',
    '',
    `><redoc spec-url="${base}openapi.json"></redoc><script src="${asset('redoc.standalone.js', base)}"></script>`,
  );
}

import { createHash } from 'node:crypto';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DOCS_ASSETS } from './docs-assets/bundled';
import { SOURCES, sourceBytes } from './docs-assets/embed';
import { DOCS_ASSETS_VERSIONS } from './docs-assets/versions';
import { REFERENCE_PAGE_CSP, redocPage, swaggerPage } from './reference-pages';

describe('the interactive references', () => {
  it('embed the installed Swagger UI and Redoc files, byte for byte (npx tsx functions/http/docs-assets/embed.ts)', () => {
    for (const { name, from } of SOURCES) {
      const embedded = brotliDecompressSync(Buffer.from(DOCS_ASSETS[name].brotliBase64, 'base64'));
      expect(embedded.equals(sourceBytes(from)), name).toBe(true);
      expect(createHash('sha256').update(embedded).digest('hex')).toBe(DOCS_ASSETS[name].sha256);
      expect(DOCS_ASSETS_VERSIONS[name]).toBe(DOCS_ASSETS[name].version);
    }
  });

  it('load only their own files, by version, and the document relative to the page', () => {
    const swagger = swaggerPage('');
    expect(swagger).toContain('src="docs/assets/swagger-ui-bundle.js?v=');
    expect(swagger).toContain('data-spec="openapi.json"');
    expect(swagger).not.toMatch(/https?:\/\//);
    const redoc = redocPage('../');
    expect(redoc).toContain('<redoc spec-url="../openapi.json"></redoc>');
    expect(redoc).toContain('src="../docs/assets/redoc.standalone.js?v=');
    expect(REFERENCE_PAGE_CSP).toMatch(/script-src 'self' 'sha256-[^']+'(;|$)/);
    expect(REFERENCE_PAGE_CSP).toContain("connect-src 'self'");
    expect(REFERENCE_PAGE_CSP).not.toContain('unsafe-eval');
  });
});

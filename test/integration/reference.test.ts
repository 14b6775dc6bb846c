/**
 * The API's references over HTTP, as a browser fetches them: Swagger UI at /api/docs and Redoc
 * at /api/redoc, their files from this API (brotli to a browser that takes it), the document they
 * render, and the static page at /docs.
 */
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { apiUrl } from '../support/client';

describe('API reference', () => {
  it('serves Swagger UI and Redoc pages that load only this API’s files, under a strict CSP', async () => {
    for (const [path, asset] of [
      ['/api/docs', 'swagger-ui-bundle.js'],
      ['/api/redoc', 'redoc.standalone.js'],
    ] as const) {
      const page = await fetch(`${apiUrl()}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'self'/);
      const text = await page.text();
      const src = new RegExp(`src="(docs/assets/${asset.replace('.', '\\.')}\\?v=[^"]+)"`).exec(text)?.[1];
      expect(src, path).toBeDefined();
      const file = await fetch(new URL(src ?? '', `${apiUrl()}${path}`), {
        headers: { 'accept-encoding': 'identity' },
      });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(file.headers.get('cache-control')).toContain('immutable');
      expect((await file.text()).length).toBeGreaterThan(500_000);
    }
  });

  it('sends the stored brotli bytes to a browser that takes br, and 404 for any other file', async () => {
    const { request } = await import('node:http');
    const body = await new Promise<{ encoding: string | undefined; bytes: Buffer }>((resolve, reject) => {
      request(
        `${apiUrl()}/api/docs/assets/swagger-ui.css`,
        { headers: { 'accept-encoding': 'gzip, br' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ encoding: res.headers['content-encoding'], bytes: Buffer.concat(chunks) }),
          );
        },
      )
        .on('error', reject)
        .end();
    });
    expect(body.encoding).toBe('br');
    expect(brotliDecompressSync(body.bytes).toString('utf8')).toContain('.swagger-ui');
    expect((await fetch(`${apiUrl()}/api/docs/assets/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${apiUrl()}/api/docs/assets/secrets.js`)).status).toBe(404);
  });

  it('keeps the document they render and the static page', async () => {
    const document = (await (await fetch(`${apiUrl()}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: object;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/api/redoc');
    const page = await fetch(`${apiUrl()}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain('<script');
  });
});

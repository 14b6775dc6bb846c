import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStaticSite } from './static-site';

describe('the local twin of the dashboard distribution', () => {
  let root: string;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    // Prepare: a built site, served as the gateway serves it (the API gets what the site does not take)
    root = mkdtempSync(join(tmpdir(), 'site-'));
    mkdirSync(join(root, 'assets'));
    mkdirSync(join(root, 'icons'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Pynomaly</title>');
    writeFileSync(join(root, 'assets', 'app-ABC123.js'), 'export {};');
    writeFileSync(join(root, 'manifest.webmanifest'), '{}');
    writeFileSync(join(root, 'icons', 'icon.svg'), '<svg/>');
    const site = new LocalStaticSite(root);
    server = createServer((req, res) => {
      if (site.serves(req)) return void site.serve(req, res);
      res.writeHead(418).end('api');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(root, { recursive: true, force: true });
  });

  it('answers index.html, uncached and under a strict CSP, for / and every client route', async () => {
    for (const path of ['/', '/dashboard', '/reports/01ABC', '/datasets', '/models', '/detection']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await response.text()).toContain('<title>Pynomaly</title>');
    }
  });

  it('caches hashed assets for a year, with their content types', async () => {
    const script = await fetch(`${base}/assets/app-ABC123.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const manifest = await fetch(`${base}/manifest.webmanifest`);
    expect(manifest.headers.get('content-type')).toBe('application/manifest+json');
    expect(manifest.headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`${base}/icons/icon.svg`)).headers.get('content-type')).toBe('image/svg+xml');
  });

  it('answers a missing file as S3 does through CloudFront, and never a file outside the site', async () => {
    expect((await fetch(`${base}/assets/app-GONE.js`)).status).toBe(403);
    expect((await fetch(`${base}/assets/..%2F..%2Fetc%2Fpasswd.txt`)).status).toBe(403);
    expect((await fetch(`${base}/%E0%A4%A.js`)).status).toBe(403);
  });

  it('leaves the API paths and other methods to the gateway', async () => {
    for (const path of ['/api/health', '/api', '/docs', '/graphql', '/ws/detection/live'])
      expect((await fetch(`${base}${path}`)).status).toBe(418);
    expect((await fetch(`${base}/dashboard`, { method: 'POST' })).status).toBe(418);
  });
});

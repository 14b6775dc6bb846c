/**
 * The local twin of the dashboard's CloudFront distribution (infra/constructs/dashboard-site.ts):
 * paths the API answers go on to the gateway; GET and HEAD of any other path are answered from
 * the built dashboard with the rules of packages/core/src/http/site.ts — the file itself, or
 * index.html for a path without an extension, with the bucket's Cache-Control and the response
 * headers policy's security headers.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import {
  isApiPath,
  SITE_CONTENT_TYPES,
  SITE_SECURITY_HEADERS,
  siteCacheControl,
  siteKey,
} from '@pynomaly/core';

export class LocalStaticSite {
  private readonly root: string;

  /** @param root the built dashboard (what the CDK deploys to the site's bucket) */
  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Whether the site answers this request (CloudFront's default behaviour takes GET and HEAD). */
  serves(req: IncomingMessage): boolean {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    return (req.method === 'GET' || req.method === 'HEAD') && !isApiPath(path);
  }

  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const file = this.fileOf(new URL(req.url ?? '/', 'http://localhost').pathname);
    const body = file ? await readFile(file.path).catch(() => undefined) : undefined;
    if (!file || !body) {
      // S3 through an origin access control, without s3:ListBucket, answers a missing key with 403.
      res.writeHead(403, { ...SITE_SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Access Denied');
      return;
    }
    res.writeHead(200, {
      ...SITE_SECURITY_HEADERS,
      'Content-Type': SITE_CONTENT_TYPES[extname(file.path)] ?? 'application/octet-stream',
      'Content-Length': String(body.length),
      'Cache-Control': siteCacheControl(file.key),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** The key and file of a path; none for one that is not valid UTF-8 or leaves the site. */
  private fileOf(path: string): { key: string; path: string } | undefined {
    let key: string;
    try {
      key = siteKey(decodeURIComponent(path));
    } catch {
      return undefined;
    }
    const file = join(this.root, key);
    return file.startsWith(this.root + sep) ? { key, path: file } : undefined;
  }
}

/**
 * The dashboard's site, one set of rules for both places that serve it: CloudFront + S3
 * (infra/constructs/dashboard-site.ts) and the local gateway (packages/local/src/static-site.ts).
 * Paths the API answers go to the API; every other path is a file of the built dashboard, and
 * a path without an extension is a client route, answered with index.html.
 */

/** The path patterns CloudFront sends to the REST API (as CloudFront behaviours spell them). */
export const SITE_API_PATH_PATTERNS: readonly string[] = ['/api/*', '/docs', '/graphql'];

/** Whether a request path belongs to the API (or the local live socket) rather than the site. */
export function isApiPath(path: string): boolean {
  return /^\/(api|ws)(\/|$)/.test(path) || path === '/docs' || path === '/graphql';
}

/** Where the bundler puts content-hashed files: they never change, so they are cached for a year. */
export const SITE_ASSETS_PREFIX = 'assets/';

export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** index.html, the manifest and the icons: revalidated every time, so a deploy shows at once. */
export const REVALIDATE_CACHE_CONTROL = 'no-cache';

/** The Cache-Control of a site file, by its key in the bucket (no leading slash). */
export function siteCacheControl(key: string): string {
  return key.startsWith(SITE_ASSETS_PREFIX) ? IMMUTABLE_CACHE_CONTROL : REVALIDATE_CACHE_CONTROL;
}

/**
 * The bucket key a site path is answered from: the file itself when the last segment has an
 * extension, index.html otherwise (the SPA fallback; a missing file stays a 404).
 */
export function siteKey(path: string): string {
  const last = path.split('/').pop() ?? '';
  return last.includes('.') ? path.replace(/^\/+/, '') : 'index.html';
}

/** Only the site's own origin: no inline script or style, no framing. */
export const SITE_CONTENT_SECURITY_POLICY =
  "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'";

/** The security headers of every site answer (CloudFront's response headers policy sets the same). */
export const SITE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': SITE_CONTENT_SECURITY_POLICY,
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

/** Content types of the files the dashboard build writes. */
export const SITE_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
};

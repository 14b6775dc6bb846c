/**
 * Cross-origin access, one setting for every place that answers: the route functions (through
 * httpHandler), API Gateway's preflights and gateway responses (infra/constructs/pynomaly-api.ts)
 * and the local gateway (packages/local). A REST API's Lambda proxy answers pass through API
 * Gateway untouched, so the functions must add the headers themselves; the gateway adds them
 * only to what it answers on its own.
 */

/**
 * Browser origins allowed when none are configured (CDK context `corsOrigins`, locally
 * `PYNOMALY_CORS_ORIGINS`): none, so no browser page reads an answer until an operator says
 * which may.
 */
export const DEFAULT_CORS_ORIGINS: readonly string[] = [];

/** The functions' environment variable carrying the allowed origins, comma-separated. */
export const CORS_ORIGINS_VARIABLE = 'CORS_ORIGINS';

/** Request headers a browser may send cross-origin (answered in preflights). */
export const CORS_ALLOW_HEADERS: readonly string[] = [
  'Authorization',
  'Content-Type',
  'X-API-Key',
  'X-Request-Id',
];

/** Response headers a page may read beyond the CORS-safelisted ones. */
export const CORS_EXPOSE_HEADERS: readonly string[] = [
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'Retry-After',
  'X-Request-Id',
  'Content-Disposition',
];

/** How long a browser may cache a preflight. */
export const CORS_MAX_AGE_SECONDS = 3600;

/**
 * A list of origins from a JSON array or a comma-separated string; anything that is not a bare
 * origin (scheme, host, port: no path, no `*`) throws, so a typo fails the synth or the start
 * instead of silently allowing nothing, or too much.
 */
export function parseCorsOrigins(value: unknown, source = 'corsOrigins'): string[] {
  if (value === undefined || value === null) return [...DEFAULT_CORS_ORIGINS];
  const list = typeof value === 'string' ? value.split(',').filter((item) => item.trim() !== '') : value;
  if (!Array.isArray(list)) throw new Error(`${source} must be an array of origins`);
  return list.map((item: unknown) => {
    const origin = String(item).trim();
    if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
      throw new Error(`${source}: "${origin}" is not an origin like https://app.example.com`);
    }
    return origin;
  });
}

/**
 * The CORS headers of an answer to a request from `origin`: the origin itself when it is
 * allowed, nothing else otherwise. `Vary: Origin` whenever origins are configured, so a cache
 * never hands one origin's answer to another.
 */
export function corsHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> {
  if (allowed.length === 0) return {};
  if (!origin || !allowed.includes(origin)) return { Vary: 'Origin' };
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': CORS_EXPOSE_HEADERS.join(','),
    Vary: 'Origin',
  };
}

/**
 * What API Gateway's own answers (gateway responses) put in `Access-Control-Allow-Origin`.
 * Their headers are fixed values or request parameters, with no condition (their templates are
 * not VTL), so: the one origin when one is allowed; with several, the request's `Origin` echoed
 * back, since a fixed first origin would hide a 401 or 429 from every other allowed origin.
 * These answers are problem documents about the request itself and never carry credentials
 * (no Allow-Credentials), so echoing exposes nothing a caller could not fetch without a browser.
 */
export function gatewayResponseOrigin(
  allowed: readonly string[],
): { echo: true } | { value: string } | undefined {
  const [first] = allowed;
  if (first === undefined) return undefined;
  return allowed.length === 1 ? { value: first } : { echo: true };
}

/** The allowed origins a function was deployed with. */
export function allowedOrigins(environment: NodeJS.ProcessEnv = process.env): string[] {
  return parseCorsOrigins(environment[CORS_ORIGINS_VARIABLE] ?? '', CORS_ORIGINS_VARIABLE);
}

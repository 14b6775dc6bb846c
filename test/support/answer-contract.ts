/**
 * Every JSON answer the integration suite gets from the local stack is checked against the
 * OpenAPI document's schema for its route and status (./answer-schemas.ts): an answer that
 * departs from it fails the test that met it. Registered as a setup file of the integration
 * project; it wraps `fetch`.
 */
import { inject } from 'vitest';
import { answerViolations } from './answer-schemas';

const base = inject('local').api_url;
const realFetch = globalThis.fetch;

globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
  const response = await realFetch(input, init);
  const url = new URL(input instanceof Request ? input.url : String(input));
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  const json = response.headers.get('content-type')?.startsWith('application/json');
  if (!url.href.startsWith(base) || !json || response.status >= 300) return response;
  const body = (await response.clone().json()) as unknown;
  const violations = answerViolations(method, url.pathname, response.status, body);
  if (violations.length > 0)
    throw new Error(
      `${method} ${url.pathname} answered ${response.status} outside its documented schema:\n  ${violations.slice(0, 10).join('\n  ')}`,
    );
  return response;
};

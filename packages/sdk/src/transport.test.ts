import { describe, expect, it } from 'vitest';
import { PynomalyClient } from './client';
import {
  AuthenticationError,
  errorFor,
  MfaRequiredError,
  NotFoundError,
  RateLimitError,
  retryAfterSeconds,
} from './errors';
import { backoffMs, retryable, retryingFetch } from './transport';

const policy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 30_000 };

/** A fetch that answers each call with the next of `answers` (the last repeating). */
function scripted(answers: Array<() => Response>) {
  const calls: Request[] = [];
  const fetchImpl = (async (request: Request) => {
    calls.push(request);
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (!answer) throw new Error('no answer');
    return answer();
  }) as typeof fetch;
  return { calls, fetchImpl };
}
const status =
  (code: number, headers: Record<string, string> = {}, body: unknown = {}) =>
  () =>
    new Response(JSON.stringify(body), {
      status: code,
      headers: { 'content-type': 'application/json', ...headers },
    });

describe('retries', () => {
  it('retry 429 for any method, gateway faults and dropped connections only where repeating is safe', () => {
    expect(retryable('POST', 429)).toBe(true);
    expect(retryable('GET', 503)).toBe(true);
    expect(retryable('DELETE', null)).toBe(true);
    expect(retryable('POST', 503)).toBe(false);
    expect(retryable('POST', null)).toBe(false);
    expect(retryable('GET', 500)).toBe(false);
    expect(retryable('GET', 404)).toBe(false);
  });

  it('back off with full jitter on a doubling ceiling, never under Retry-After', () => {
    expect(backoffMs(0, null, policy, () => 0.999)).toBeLessThan(500);
    expect(backoffMs(3, null, policy, () => 0.999)).toBeLessThan(4000);
    expect(backoffMs(3, null, policy, () => 0.999)).toBeGreaterThan(3900);
    expect(backoffMs(10, null, policy, () => 0.999)).toBeLessThanOrEqual(30_000);
    expect(backoffMs(0, 7, policy, () => 0)).toBe(7000);
  });

  it('read Retry-After as seconds or as a date', () => {
    expect(retryAfterSeconds('12')).toBe(12);
    expect(retryAfterSeconds(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3);
    expect(retryAfterSeconds('soon')).toBeNull();
    expect(retryAfterSeconds(null)).toBeNull();
  });

  it('send again after a 429, waiting what it asked, and give the last answer when retries run out', async () => {
    const waits: number[] = [];
    const { calls, fetchImpl } = scripted([status(429, { 'retry-after': '2' }), status(200)]);
    const send = retryingFetch(fetchImpl, policy, async (ms) => void waits.push(ms));
    const response = await send(new Request('http://api/x', { method: 'POST', body: '{"a":1}' }));
    expect(response.status).toBe(200);
    expect(calls).toHaveLength(2);
    expect(await calls[1]?.text()).toBe('{"a":1}');
    expect(waits[0]).toBeGreaterThanOrEqual(2000);

    const failing = scripted([status(503)]);
    const give = retryingFetch(failing.fetchImpl, policy, async () => undefined);
    expect((await give(new Request('http://api/x'))).status).toBe(503);
    expect(failing.calls).toHaveLength(4);
  });

  it('does not repeat a POST the API may have done', async () => {
    const { calls, fetchImpl } = scripted([status(503)]);
    const send = retryingFetch(fetchImpl, policy, async () => undefined);
    expect((await send(new Request('http://api/x', { method: 'POST', body: '{}' }))).status).toBe(503);
    expect(calls).toHaveLength(1);
  });
});

describe('errors', () => {
  it('are typed by status and code', () => {
    expect(errorFor(401, { title: 'x' })).toBeInstanceOf(AuthenticationError);
    expect(errorFor(403, { code: 'MFA_REQUIRED' })).toBeInstanceOf(MfaRequiredError);
    expect(errorFor(404, { detail: 'Dataset not found' }).message).toBe('Dataset not found');
    expect(errorFor(404, {})).toBeInstanceOf(NotFoundError);
    const limited = errorFor(429, {}, new Headers({ 'retry-after': '30' }));
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).retryAfterSeconds).toBe(30);
  });
});

describe('the client', () => {
  it('refreshes an expired sign-in once and sends the request again with the new token', async () => {
    const { calls, fetchImpl } = scripted([
      status(401),
      status(200, {}, { access_token: 'fresh', expires_in: 3600 }),
      status(200, {}, { datasets: [], pagination: { page: 1, limit: 20, total: 0, pages: 1 } }),
    ]);
    const heard: unknown[] = [];
    const client = new PynomalyClient({
      baseUrl: 'http://api',
      token: 'old',
      refreshToken: 'r1',
      fetch: fetchImpl,
      retry: { maxRetries: 0 },
      onSession: (session) => heard.push(session),
    });
    await client.datasets.list();
    expect(
      calls.map((c) => `${c.method} ${new URL(c.url).pathname} ${c.headers.get('authorization')}`),
    ).toEqual([
      'GET /api/v1/datasets Bearer old',
      'POST /api/v1/auth/refresh null',
      'GET /api/v1/datasets Bearer fresh',
    ]);
    expect(client.tokens).toMatchObject({ access_token: 'fresh', refresh_token: 'r1' });
    // The app hears the silent refresh, so it can keep the new tokens.
    expect(heard).toEqual([client.tokens]);
  });

  it('signs API-key requests with X-API-Key and throws typed problems', async () => {
    const { calls, fetchImpl } = scripted([
      status(404, {}, { title: 'Not Found', detail: 'Dataset not found' }),
    ]);
    const client = new PynomalyClient({ baseUrl: 'http://api/', apiKey: 'pyn_x', fetch: fetchImpl });
    await expect(client.datasets.get('nope')).rejects.toBeInstanceOf(NotFoundError);
    expect(calls[0]?.headers.get('x-api-key')).toBe('pyn_x');
    expect(calls[0]?.url).toBe('http://api/api/v1/datasets/nope');
  });
});

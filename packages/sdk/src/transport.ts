/**
 * How requests travel: retried with exponential backoff and full jitter where that is safe,
 * waiting at least what the API asks in `Retry-After`.
 */
import { retryAfterSeconds } from './errors.js';

export interface RetryPolicy {
  /** Retries after the first attempt. @default 3 */
  maxRetries?: number;
  /** The first backoff's ceiling, in ms; it doubles per retry. @default 500 */
  baseDelayMs?: number;
  /** The largest wait, in ms (a longer `Retry-After` is not waited for: the error is thrown). @default 30000 */
  maxDelayMs?: number;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/**
 * Whether an answer (or a failure to get one) may be retried: a 429 was refused before any
 * work, so any method; a 502/503/504 or a dropped connection may have done the work, so only
 * methods that are safe to repeat.
 */
export function retryable(method: string, status: number | null): boolean {
  if (status === 429) return true;
  const transient = status === null || status === 502 || status === 503 || status === 504;
  return transient && IDEMPOTENT.has(method.toUpperCase());
}

/** The wait before retry `retry` (0-based): full jitter on a doubling ceiling, never under `Retry-After`. */
export function backoffMs(
  retry: number,
  retryAfter: number | null,
  policy: Required<RetryPolicy>,
  random = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  const jittered = random() * ceiling;
  return retryAfter === null ? jittered : Math.max(retryAfter * 1000, jittered);
}

/** A `fetch` that retries by {@link retryable} and {@link backoffMs}. */
export function retryingFetch(
  fetchImpl: typeof fetch,
  retryPolicy: RetryPolicy = {},
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): (request: Request) => Promise<Response> {
  const policy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 30_000, ...retryPolicy };
  return async (request) => {
    for (let retry = 0; ; retry++) {
      let response: Response | undefined;
      try {
        response = await fetchImpl(request.clone());
      } catch (error) {
        if (retry >= policy.maxRetries || !retryable(request.method, null)) throw error;
      }
      if (response && (retry >= policy.maxRetries || !retryable(request.method, response.status)))
        return response;
      const wait = backoffMs(retry, retryAfterSeconds(response?.headers.get('retry-after') ?? null), policy);
      if (response && wait > policy.maxDelayMs) return response;
      await sleep(wait);
    }
  };
}

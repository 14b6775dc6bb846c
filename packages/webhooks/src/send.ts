import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { guardedLookup, parseTarget, type Resolver, resolveAll, type TargetPolicy } from './ssrf';

/** What one attempt at a delivery came to. */
export interface AttemptOutcome {
  /** The receiver's status code, or null when none came (refused, timed out, unreachable). */
  status_code: number | null;
  /** Only a 2xx is a success; a redirect is not followed and counts as a failure. */
  ok: boolean;
  duration_ms: number;
  error: string | null;
  /** The first bytes of the answer (at most {@link MAX_RESPONSE_BYTES}). */
  response_body: string | null;
  /** Seconds the receiver asked to wait (`Retry-After`), when it did. */
  retry_after_seconds: number | null;
}

/** How much of a receiver's answer is read before the connection is dropped. */
export const MAX_RESPONSE_BYTES = 64 * 1024;
/** How much of it is kept on the delivery record. */
const KEPT_RESPONSE_CHARS = 1024;

export interface SendOptions extends TargetPolicy {
  timeoutMs: number;
  resolve?: Resolver;
}

/**
 * One POST to a webhook's URL: the target checked again (literal addresses here, resolved ones
 * in the socket's lookup), no redirects, a deadline on the whole exchange, the answer capped.
 */
export async function postOnce(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: SendOptions,
): Promise<AttemptOutcome> {
  const started = Date.now();
  const failed = (error: string): AttemptOutcome => ({
    status_code: null,
    ok: false,
    duration_ms: Date.now() - started,
    error,
    response_body: null,
    retry_after_seconds: null,
  });
  let target: ReturnType<typeof parseTarget>;
  try {
    target = parseTarget(url, options);
  } catch (error) {
    return failed((error as Error).message);
  }
  const request = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<AttemptOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(outcome);
    };
    const req = request(
      target.url,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Pynomaly-Webhooks/1',
        },
        lookup: guardedLookup(target.allowLoopback, options.resolve ?? resolveAll) as never,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          const status = res.statusCode ?? null;
          const retryAfter = Number(res.headers['retry-after']);
          finish({
            status_code: status,
            ok: status !== null && status >= 200 && status < 300,
            duration_ms: Date.now() - started,
            error: status !== null && status >= 300 && status < 400 ? 'Redirects are not followed' : null,
            response_body: Buffer.concat(chunks).toString('utf8').slice(0, KEPT_RESPONSE_CHARS),
            retry_after_seconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null,
          });
        };
        res.on('data', (chunk: Buffer) => {
          if (size >= MAX_RESPONSE_BYTES) return;
          chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - size));
          size += chunk.length;
          if (size >= MAX_RESPONSE_BYTES) {
            done();
            res.destroy();
          }
        });
        res.on('end', done);
        res.on('error', done);
      },
    );
    const deadline = setTimeout(() => {
      req.destroy();
      finish(failed(`No answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    req.on('error', (error) => finish(failed(error.message)));
    req.end(body);
  });
}

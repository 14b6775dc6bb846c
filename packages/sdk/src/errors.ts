/** The API's RFC 7807 problems as typed errors: one class per kind a caller acts on differently. */

/** An `application/problem+json` body. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  /** A machine-readable reason, e.g. `MFA_REQUIRED`. */
  code?: string;
  errors?: Array<{ field: string; message: string }>;
  [key: string]: unknown;
}

/** Any answer that is not a success. */
export class PynomalyError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = new.target.name;
  }
}

/** 401: no credentials, or they expired or were revoked. */
export class AuthenticationError extends PynomalyError {}
/** 403: signed in, but not allowed this. */
export class AuthorizationError extends PynomalyError {}
/** A second factor is needed: at sign-in (`challenge`), or for the admin scope (403 `MFA_REQUIRED`). */
export class MfaRequiredError extends PynomalyError {
  constructor(
    status: number,
    problem: Problem,
    /** The sign-in challenge to finish with a code, when this came from a sign-in. */
    readonly challenge?: { username: string; session: string; method: string },
  ) {
    super(status, problem);
  }
}
/** 404: no such resource (or not the caller's). */
export class NotFoundError extends PynomalyError {}
/** 400 or 422: the request is malformed; `fieldErrors` says where. */
export class ValidationError extends PynomalyError {
  get fieldErrors(): Array<{ field: string; message: string }> {
    return this.problem.errors ?? [];
  }
}
/** 409: the resource's state does not allow it now. */
export class ConflictError extends PynomalyError {}
/** 413: the body is larger than the API takes (10 MB; use the large-upload path). */
export class PayloadTooLargeError extends PynomalyError {}
/** 429: over a rate limit or quota; `retryAfterSeconds` says when to come back. */
export class RateLimitError extends PynomalyError {
  constructor(
    status: number,
    problem: Problem,
    readonly retryAfterSeconds: number | null,
  ) {
    super(status, problem);
  }
}
/** 5xx: the API failed; retried already where that was safe. */
export class ServerError extends PynomalyError {}

/** Seconds from a `Retry-After` header (seconds or an HTTP date), or null. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, (date - now) / 1000);
}

/** The typed error of an answer that is not a success. */
export function errorFor(status: number, body: unknown, headers?: Headers): PynomalyError {
  const problem: Problem =
    typeof body === 'object' && body !== null ? (body as Problem) : { title: String(body ?? '') };
  if (problem.code === 'MFA_REQUIRED') return new MfaRequiredError(status, problem);
  if (status === 401) return new AuthenticationError(status, problem);
  if (status === 403) return new AuthorizationError(status, problem);
  if (status === 404) return new NotFoundError(status, problem);
  if (status === 400 || status === 422) return new ValidationError(status, problem);
  if (status === 409) return new ConflictError(status, problem);
  if (status === 413) return new PayloadTooLargeError(status, problem);
  if (status === 429)
    return new RateLimitError(status, problem, retryAfterSeconds(headers?.get('retry-after') ?? null));
  if (status >= 500) return new ServerError(status, problem);
  return new PynomalyError(status, problem);
}

/**
 * Core errors take only a message; the underlying fault (yauzl, zlib, saxes, fs) still belongs
 * on the error for the logs, which print `cause`, while the caller sees only the message.
 */
export function withCause<E extends Error>(error: E, cause: unknown): E {
  error.cause = cause;
  return error;
}

/** Exit codes scripts can rely on, one per kind of failure (also in `pynomaly --help`). */
import {
  AuthenticationError,
  AuthorizationError,
  ConflictError,
  NotFoundError,
  PayloadTooLargeError,
  PynomalyError,
  RateLimitError,
  ServerError,
  ValidationError,
} from 'pynomaly-js';

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  authentication: 3,
  forbidden: 4,
  notFound: 5,
  invalid: 6,
  conflict: 7,
  rateLimited: 8,
  server: 9,
  analysisFailed: 10,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0 success            1 other failure      2 usage error
  3 not signed in      4 not allowed        5 not found
  6 invalid request    7 conflict           8 rate limited
  9 server error      10 analysis failed or timed out`;

/** A failure the CLI itself reports (e.g. a failed analysis), with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof AuthenticationError) return EXIT.authentication;
  if (error instanceof AuthorizationError) return EXIT.forbidden;
  if (error instanceof NotFoundError) return EXIT.notFound;
  if (error instanceof ValidationError || error instanceof PayloadTooLargeError) return EXIT.invalid;
  if (error instanceof ConflictError) return EXIT.conflict;
  if (error instanceof RateLimitError) return EXIT.rateLimited;
  if (error instanceof ServerError) return EXIT.server;
  if (error instanceof PynomalyError) return EXIT.failure;
  return EXIT.failure;
}

/** What to tell the user about a failure, on stderr. */
export function describeError(error: unknown): string {
  if (error instanceof ValidationError && error.fieldErrors.length > 0)
    return `${error.message}\n${error.fieldErrors.map((e) => `  ${e.field}: ${e.message}`).join('\n')}`;
  if (error instanceof AuthenticationError) return `${error.message} (sign in with \`pynomaly login\`)`;
  return error instanceof Error ? error.message : String(error);
}

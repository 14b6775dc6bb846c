/**
 * Our typed errors (packages/core/src/errors.ts) as GraphQL errors: the same refusals REST
 * answers as RFC 7807 problems, told apart by `extensions.code`. Anything not ours, or not
 * meant for the caller, becomes INTERNAL with no message, stack or cause of its own.
 */

import { unwrapResolverError } from '@apollo/server/errors';
import {
  AppError,
  AuthenticationError,
  ForbiddenError,
  logger,
  MfaRequiredError,
  NotFoundError,
  RateLimitError,
  ValidationError,
} from '@pynomaly/core';
import type { GraphQLFormattedError } from 'graphql';

/** The `extensions.code` of a resolver's error. */
export type GraphqlErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'RATE_LIMITED'
  | 'INTERNAL';

/** The code of one of our errors, by its class (never by its name). */
function codeOf(error: AppError): GraphqlErrorCode {
  if (error instanceof AuthenticationError) return 'UNAUTHENTICATED';
  if (error instanceof ForbiddenError || error instanceof MfaRequiredError) return 'FORBIDDEN';
  if (error instanceof NotFoundError) return 'NOT_FOUND';
  if (error instanceof RateLimitError) return 'RATE_LIMITED';
  // Every other refusal of ours is about the input: invalid, unprocessable, too much work (422),
  // too large, conflicting. `reason` keeps the REST code so a client can still tell them apart.
  return error.statusCode < 500 ? 'BAD_USER_INPUT' : 'INTERNAL';
}

/**
 * Apollo's `formatError`: every error of a response passes here. A resolver's typed error keeps
 * its message and gets its code; GraphQL's own refusals (a bad document, a wrong variable, a
 * limit) keep theirs; anything else is logged in full and answered as INTERNAL.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const cause = unwrapResolverError(error);
  const path = formatted.path;
  if (!(cause instanceof AppError)) {
    // Apollo codes what it refuses itself; what it could not place is a fault of ours.
    return formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' ? internal(cause, path) : formatted;
  }
  const code = codeOf(cause);
  if (!cause.expose || code === 'INTERNAL') return internal(cause, path);
  return {
    message: cause.message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(path ? { path } : {}),
    extensions: {
      code,
      ...(code === 'BAD_USER_INPUT' ? { reason: cause.code } : {}),
      ...(cause instanceof ValidationError && cause.errors.length > 0 ? { fields: cause.errors } : {}),
      ...(cause instanceof RateLimitError ? { retryAfter: cause.retryAfterSeconds } : {}),
    },
  };
}

function internal(error: unknown, path: GraphQLFormattedError['path']): GraphQLFormattedError {
  logger.error('graphql resolver failed', { error: error as Error, path: path?.join('.') });
  return {
    message: 'An unexpected error occurred. Quote the request id when reporting it.',
    ...(path ? { path } : {}),
    extensions: { code: 'INTERNAL' },
  };
}

import {
  AuthenticationError,
  ForbiddenError,
  InternalError,
  MfaRequiredError,
  NotFoundError,
  RateLimitError,
  ValidationError,
  WorkTooLargeError,
} from '@pynomaly/core';
import { describe, expect, it } from 'vitest';
import { formatError } from './errors';

const at = {
  message: 'as Apollo formats it',
  path: ['field'],
  extensions: { code: 'INTERNAL_SERVER_ERROR' },
};

describe('formatError', () => {
  it.each([
    [new AuthenticationError('Not authenticated'), { code: 'UNAUTHENTICATED' }],
    [new ForbiddenError('This needs the detection:write scope'), { code: 'FORBIDDEN' }],
    [new MfaRequiredError('Sign in with a code'), { code: 'FORBIDDEN' }],
    [new NotFoundError('Dataset not found'), { code: 'NOT_FOUND' }],
    [new RateLimitError('Too many requests', 30), { code: 'RATE_LIMITED', retryAfter: 30 }],
    [new WorkTooLargeError('Too much work'), { code: 'BAD_USER_INPUT', reason: 'WORK_TOO_LARGE' }],
    [
      new ValidationError('Invalid input', [{ field: 'input.name', message: 'too short' }]),
      {
        code: 'BAD_USER_INPUT',
        reason: 'VALIDATION_ERROR',
        fields: [{ field: 'input.name', message: 'too short' }],
      },
    ],
  ])('gives %s its code, keeping its message', (error, extensions) => {
    expect(formatError(at, error)).toEqual({ message: error.message, path: ['field'], extensions });
  });

  it('answers faults, ours or not, as INTERNAL without their message', () => {
    for (const error of [new InternalError('table arn:aws:dynamodb:…'), new TypeError('x is undefined')])
      expect(formatError(at, error)).toEqual({
        message: 'An unexpected error occurred. Quote the request id when reporting it.',
        path: ['field'],
        extensions: { code: 'INTERNAL' },
      });
  });

  it("keeps GraphQL's own refusals as Apollo coded them", () => {
    const parse = { message: 'Syntax Error: Expected Name', extensions: { code: 'GRAPHQL_PARSE_FAILED' } };
    expect(formatError(parse, new Error('Syntax Error: Expected Name'))).toBe(parse);
  });
});

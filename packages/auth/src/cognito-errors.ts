import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  RateLimitError,
  ValidationError,
} from '@pynomaly/core';

/**
 * Cognito's errors as the API's: one translation for every account call. Unknown users and
 * wrong passwords give the same answer, so usernames cannot be probed.
 */
export function fromCognito(error: unknown): unknown {
  const name = (error as { name?: string })?.name ?? '';
  const message = (error as Error)?.message ?? '';
  switch (name) {
    case 'NotAuthorizedException':
    case 'UserNotFoundException':
    case 'UserNotConfirmedException':
    case 'InvalidPasswordException':
      if (/attempts exceeded/i.test(message)) return new RateLimitError('Password attempts exceeded', 60);
      if (
        name === 'InvalidPasswordException' &&
        /policy|length|uppercase|lowercase|numeric|symbol/i.test(message)
      ) {
        return new ValidationError(`Password does not meet the policy: ${message}`, [
          { field: 'password', message },
        ]);
      }
      return new AuthenticationError('Incorrect username or password');
    case 'CodeMismatchException':
    case 'EnableSoftwareTokenMFAException':
      return new AuthenticationError('Invalid verification code');
    case 'ExpiredCodeException':
      return new AuthenticationError('The verification code or session has expired');
    case 'UsernameExistsException':
      return new ConflictError('A user with this username already exists');
    case 'InvalidParameterException':
      return new ValidationError(message);
    case 'TooManyRequestsException':
    case 'LimitExceededException':
      return new RateLimitError('Too many attempts; try again later', 60);
    case 'ResourceNotFoundException':
      return new NotFoundError('Not found');
    default:
      return error;
  }
}

/** Runs a Cognito call, translating its errors. */
export async function cognitoCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw fromCognito(error);
  }
}

/**
 * Runs an administrator's Cognito call on a named user: there an unknown user is a 404 —
 * the caller is signed in and asked about someone — not the sign-in answer a 401 would be.
 */
export async function adminCognitoCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if ((error as { name?: string })?.name === 'UserNotFoundException')
      throw new NotFoundError('User not found');
    throw fromCognito(error);
  }
}

/**
 * One error family for the whole product. Every error a caller may see carries its HTTP
 * status, a stable machine code and whether its message is safe to show (`expose`).
 * The HTTP layer maps these once to RFC 7807 responses; nothing else formats errors.
 */
export interface FieldIssue {
  field: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly statusCode: number;
  abstract readonly code: string;
  abstract readonly title: string;
  readonly expose: boolean = true;
  readonly headers: Record<string, string> = {};
  constructor(message: string) {
    super(message);
    // Step Functions and Lambda report errors by name; bundles keep class names (esbuild keepNames).
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  readonly statusCode = 400;
  readonly code = 'VALIDATION_ERROR';
  readonly title = 'Validation Error';
  constructor(
    message: string,
    readonly errors: FieldIssue[] = [],
  ) {
    super(message);
  }
}

export class UnprocessableError extends AppError {
  readonly statusCode = 422;
  readonly code = 'UNPROCESSABLE_ENTITY';
  readonly title = 'Unprocessable input';
}

/**
 * Work estimated to outlast what it may take (a request, or a queued task), refused before
 * any of it is done; its own code, so a client can tell it to send less or queue it.
 */
export class WorkTooLargeError extends AppError {
  readonly statusCode = 422;
  readonly code = 'WORK_TOO_LARGE';
  readonly title = 'Too much work for one request';
}

export class PayloadTooLargeError extends AppError {
  readonly statusCode = 413;
  readonly code = 'PAYLOAD_TOO_LARGE';
  readonly title = 'Payload too large';
}

export class UnsupportedMediaTypeError extends AppError {
  readonly statusCode = 415;
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  readonly title = 'Unsupported media type';
}

export class AuthenticationError extends AppError {
  readonly statusCode = 401;
  readonly code = 'AUTHENTICATION_ERROR';
  readonly title = 'Not authenticated';
}

export class ForbiddenError extends AppError {
  readonly statusCode = 403;
  readonly code = 'AUTHORIZATION_ERROR';
  readonly title = 'Forbidden';
}

/**
 * A scope the caller's role grants but their sign-in has not earned: it was not completed with
 * a second factor. Its own code, so a client can send the user to MFA enrolment.
 */
export class MfaRequiredError extends AppError {
  readonly statusCode = 403;
  readonly code = 'MFA_REQUIRED';
  readonly title = 'Second factor required';
}

export class NotFoundError extends AppError {
  readonly statusCode = 404;
  readonly code = 'NOT_FOUND';
  readonly title = 'Not found';
}

export class ConflictError extends AppError {
  readonly statusCode = 409;
  readonly code = 'CONFLICT';
  readonly title = 'Conflict';
}

export class RateLimitError extends AppError {
  readonly statusCode = 429;
  readonly code = 'RATE_LIMIT_EXCEEDED';
  readonly title = 'Too many requests';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.headers['Retry-After'] = String(retryAfterSeconds);
  }
}

export class NotImplementedError extends AppError {
  readonly statusCode = 501;
  readonly code = 'NOT_IMPLEMENTED';
  readonly title = 'Not implemented';
}

/** A fault of ours or of a dependency: logged in full, shown to the caller without detail. */
export class InternalError extends AppError {
  readonly statusCode = 500;
  readonly code = 'INTERNAL_ERROR';
  readonly title = 'Internal server error';
  override readonly expose = false;
}

/** A field-level problem with input, named so a person can find and fix it. */
export interface FieldIssue {
  field: string;
  message: string;
  row?: number;
  line?: number;
}

/** Base of the errors the HTTP layer turns into `{error:{code,message,details}}`. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details: FieldIssue[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that fails validation; details name each field, row or line. */
export class ValidationError extends AppError {
  constructor(message: string, details: FieldIssue[] = []) {
    super('invalid_input', 400, message, details);
  }
}

/** The record asked for does not exist (or is not visible to the caller). */
export class NotFoundError extends AppError {
  constructor(what: string) {
    super('not_found', 404, `${what} not found`);
  }
}

/** The change conflicts with current data (a duplicate name, a stale version, a record still in use). */
export class ConflictError extends AppError {
  constructor(message: string, details: FieldIssue[] = []) {
    super('conflict', 409, message, details);
  }
}

/** Too many attempts; the caller should wait. */
export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', 429, message);
  }
}

// Named errors with a status and a stable code, mapped to problem+json in one place (shared/http/problem.ts).

export interface FieldError {
  path: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly errors: FieldError[] | undefined;
  /** Headers the response must carry (Retry-After, Allow). */
  readonly headers: Record<string, string> = {};

  constructor(detail: string, errors?: FieldError[]) {
    super(detail);
    this.name = new.target.name;
    this.errors = errors;
  }
}

/** A broken statutory or business rule: the request was understood and refused. */
export abstract class DomainError extends AppError {}

export class ValidationFailed extends AppError {
  readonly status = 400;
  readonly code = 'validation-failed';
}
export class MalformedJson extends AppError {
  readonly status = 400;
  readonly code = 'malformed-json';
}
export class InvalidCursor extends AppError {
  readonly status = 400;
  readonly code = 'invalid-cursor';
}
export class Unauthenticated extends AppError {
  readonly status = 401;
  readonly code = 'unauthenticated';
}
export class Forbidden extends AppError {
  readonly status = 403;
  readonly code = 'forbidden-role';
}
export class NotInJurisdiction extends DomainError {
  readonly status = 403;
  readonly code = 'not-in-jurisdiction';
}
export class NotFound extends AppError {
  readonly status = 404;
  readonly code = 'not-found';
}
export class RouteNotFound extends AppError {
  readonly status = 404;
  readonly code = 'route-not-found';
}
export class MethodNotAllowed extends AppError {
  readonly status = 405;
  readonly code = 'method-not-allowed';
  constructor(detail: string, allow: string[]) {
    super(detail);
    this.headers['Allow'] = allow.join(', ');
  }
}
export class UnsupportedMediaType extends AppError {
  readonly status = 415;
  readonly code = 'unsupported-media-type';
}
/** Someone else changed the record between our read and our write. */
export class ConcurrentModification extends AppError {
  readonly status = 409;
  readonly code = 'concurrent-modification';
}
export class InvalidTransition extends DomainError {
  readonly status = 409;
  readonly code = 'invalid-transition';
}
export class RuleViolation extends DomainError {
  readonly status = 422;
  readonly code: string;
  constructor(code: string, detail: string, errors?: FieldError[]) {
    super(detail, errors);
    this.code = code;
  }
}
export class PreconditionFailed extends AppError {
  readonly status = 412;
  readonly code = 'precondition-failed';
}
export class PreconditionRequired extends AppError {
  readonly status = 428;
  readonly code = 'precondition-required';
}
export class PayloadTooLarge extends AppError {
  readonly status = 413;
  readonly code = 'payload-too-large';
}
export class IdempotencyKeyReused extends AppError {
  readonly status = 422;
  readonly code = 'idempotency-key-reused';
}
export class ServiceUnavailable extends AppError {
  readonly status = 503;
  readonly code = 'service-unavailable';
  constructor(detail: string, retryAfterSeconds: number) {
    super(detail);
    this.headers['Retry-After'] = String(retryAfterSeconds);
  }
}
/** SNS keeps one subscription per endpoint on a topic. */
export class AlreadySubscribed extends AppError {
  readonly status = 409;
  readonly code = 'already-subscribed';
}

// Named errors with a status and a stable code, mapped to problem+json in one place (shared/http/problem.ts).

export interface FieldError {
  path: string;
  /** In English; shared/http/messages.ts says it in the caller's language. */
  message: string;
  /** A message of shared/http/messages.ts with its parameters, when the message is one of ours. */
  key?: string;
  params?: Record<string, string | number>;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly errors: FieldError[] | undefined;
  /** Headers the response must carry (Retry-After, Allow). */
  readonly headers: Record<string, string> = {};
  /** The detail as a message of shared/http/messages.ts, so that it is said in the caller's language. */
  localized?: { key: string; params?: Record<string, string | number>; suffix?: string };

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
  /** RFC 6750 §3: a 401 names the scheme; with `invalid_token` and why when a token was sent and refused. */
  constructor(detail: string, refused?: 'malformed' | 'expired' | 'invalid') {
    super(detail);
    const why = { malformed: 'The token is malformed', expired: 'The token expired', invalid: 'The token is not valid here' };
    this.headers['WWW-Authenticate'] = refused
      ? `Bearer realm="emergency-api", error="invalid_token", error_description="${why[refused]}"`
      : 'Bearer realm="emergency-api"';
  }
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
/** The request's header section is larger than the server reads (the local host's 431; API Gateway has its own). */
export class HeaderFieldsTooLarge extends AppError {
  readonly status = 431;
  readonly code = 'header-fields-too-large';
}
/** Not an HTTP request the server can parse (bad request line, header syntax or chunking). */
export class MalformedRequest extends AppError {
  readonly status = 400;
  readonly code = 'malformed-request';
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
/** A caller went over a per-user limit of a route; Retry-After says when the window frees up. */
export class TooManyRequests extends AppError {
  readonly status = 429;
  readonly code = 'too-many-requests';
  constructor(detail: string, retryAfterSeconds: number) {
    super(detail);
    this.headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
}
/** The personal data asked for was destroyed with its data key (crypto-shredding, rule 17): gone for good. */
export class PiiDestroyed extends AppError {
  readonly status = 410;
  readonly code = 'pii-destroyed';
}
/** A citizen registers themself as a volunteer once; Location names their record. */
export class AlreadyRegistered extends AppError {
  readonly status = 409;
  readonly code = 'already-registered';
  constructor(detail: string, location: string) {
    super(detail);
    this.headers['Location'] = location;
  }
}
/** SNS keeps one subscription per endpoint on a topic. */
export class AlreadySubscribed extends AppError {
  readonly status = 409;
  readonly code = 'already-subscribed';
}

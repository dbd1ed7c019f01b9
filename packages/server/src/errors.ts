import type { AuditObjectType } from './modules/audit/log.js';

/**
 * One application error with a stable code, and one table from code to HTTP status. Clients see
 * `{ code, message }` and nothing else; anything that is not an AppError becomes `internal`.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  not_ready: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** A problem at one place of the input: a field path, a CSV column, a CLI option. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/** The only error type that may carry a message to a client. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetail[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** `validation_failed` for problems at places of the input, each named in the message as `path: problem`. */
export function validationFailed(details: ErrorDetail[]): AppError {
  return new AppError('validation_failed', details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
}

/** `not_found` for a missing object and, identically, for one the caller may not see. */
export function notFound(what: string): AppError {
  return new AppError('not_found', `${what} not found`);
}

/**
 * A gated object the caller may not have: missing, or outside the caller's scope. Both answer exactly
 * like a missing object (`not_found`), and the HTTP error handler records both as denials in the audit
 * log (in its own transaction, after the refused request's transaction has rolled back), so that neither
 * the answer nor the work done tells an outsider which it was.
 */
export class AccessDeniedError extends AppError {
  constructor(
    readonly objectType: AuditObjectType,
    readonly objectId: string,
    readonly reason: 'missing' | 'out_of_scope',
  ) {
    super('not_found', `${objectType} not found`);
  }
}

/**
 * The one error type a client may see. Each code maps once to an HTTP status
 * (http/error-handler.ts), once to a socket Ack error (realtime) and once to a CLI exit line.
 */
export type ErrorCode =
  /** The thing asked for does not exist (or is outside the caller's scope, so as not to leak it). */
  | 'NOT_FOUND'
  /** The request is malformed; `field` names what is wrong. Never retried as is. */
  | 'INVALID_INPUT'
  /** The request is well formed but conflicts with current state (illegal transition, duplicate, lock held). */
  | 'CONFLICT'
  /** Authenticated, but the role or scope does not allow this. */
  | 'FORBIDDEN'
  /** No valid credentials. */
  | 'UNAUTHENTICATED'
  /** The request is larger than a documented limit (batch size, body size). */
  | 'TOO_LARGE'
  /** Too many requests; retry after a while. */
  | 'RATE_LIMITED'
  /** A dependency (database, Feishu) is down; safe to retry later. */
  | 'UNAVAILABLE'
  /** A bug. The message given to clients is generic; the cause is logged. */
  | 'INTERNAL';

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `events.3.at` or `phone`. */
  field: string;
  reason: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[];

  constructor(code: ErrorCode, message: string, issues: FieldIssue[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.issues = issues;
  }

  /** An INVALID_INPUT error naming one field; the message leads with the field so a CLI line says it all. */
  static invalid(field: string, reason: string): AppError {
    return new AppError('INVALID_INPUT', `${field}: ${reason}`, [{ field, reason }]);
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

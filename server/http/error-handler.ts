import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { WireError } from '../contract/ack.ts';
import { dataErrorToAppError } from '../platform/db-errors.ts';
import { DATABASE_RETRY_AFTER_SECONDS, databaseUnavailable, isDatabaseUnavailable } from '../platform/db-unavailable.ts';
import { AppError, isAppError, type ErrorCode } from '../platform/errors.ts';
import type { Logger } from '../platform/logger.ts';

const STATUS: Record<ErrorCode, number> = {
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  CONFLICT: 409,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export const statusOf = (code: ErrorCode): number => STATUS[code];

/** Unknown API paths answer in JSON, not with the SPA's HTML. */
export const apiNotFound: RequestHandler = (req) => {
  throw new AppError('NOT_FOUND', `no such endpoint: ${req.method} ${req.path}`);
};

/** An error as the client sees it: status, JSON body and, for a retryable outage, Retry-After. */
export interface ErrorAnswer {
  status: number;
  body: { error: WireError };
  retryAfter: string | undefined;
  /** Not the client's doing: to be logged with its stack. */
  internal: boolean;
}

/**
 * The one place an error becomes an HTTP answer (the Express error handler and the ingest lane).
 * Client mistakes (including malformed JSON and oversized bodies, which body-parser raises with a
 * `status`) are 4xx with a message naming the problem; anything else is a generic 500.
 * `part` names where a database data error's value came from (query or body).
 */
export function errorAnswer(error: unknown, part: string): ErrorAnswer {
  const appError = toAppError(error, part);
  const body: WireError = { code: appError.code, message: appError.message };
  if (appError.issues.length > 0) body.issues = appError.issues;
  // A database outage (or ingest's busy database): safe to retry; tell the client when.
  const retryAfter = appError.code === 'UNAVAILABLE' ? String(DATABASE_RETRY_AFTER_SECONDS) : undefined;
  return { status: statusOf(appError.code), body: { error: body }, retryAfter, internal: appError.code === 'INTERNAL' };
}

/** The Express error handler: errorAnswer, logging what is not the client's doing. */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const answer = errorAnswer(error, req.method === 'GET' ? 'query' : 'body');
    // The route pattern, not the path: a path carries ids (a customer code) that do not belong in the log.
    const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
    if (answer.internal) logger.error({ err: error, route, method: req.method }, 'unhandled error');
    if (res.headersSent) return void res.end();
    if (answer.retryAfter) res.setHeader('Retry-After', answer.retryAfter);
    res.status(answer.status).json(answer.body);
  };
}

function toAppError(error: unknown, part: string): AppError {
  if (isAppError(error)) return error;
  const dataError = dataErrorToAppError(error, part);
  if (dataError) return dataError;
  if (isDatabaseUnavailable(error)) return databaseUnavailable(error);
  const status = (error as { status?: unknown; type?: unknown }).status;
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.too.large') {
    const limit = Number((error as { limit?: unknown }).limit);
    const shown = limit >= 1024 * 1024 ? `${Math.round(limit / 1024 / 1024)} MB` : `${Math.round(limit / 1024)} KB`;
    return new AppError('TOO_LARGE', `request body is larger than ${shown}, the limit of this endpoint`);
  }
  if (type === 'entity.parse.failed') return AppError.invalid('body', 'is not valid JSON');
  // A path that does not decode (`/customers/%E0%A4%A`): Express's router says 400 with a URIError.
  if (error instanceof URIError || (typeof status === 'number' && status === 400 && /decode param/i.test(String((error as Error).message)))) {
    return AppError.invalid('path', 'is not valid percent-encoding');
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 413) return new AppError('TOO_LARGE', 'the request could not be read');
    return AppError.invalid(typeof type === 'string' && /charset|encoding/.test(type) ? 'content-type' : 'body', 'the request could not be read');
  }
  return new AppError('INTERNAL', 'internal error; it has been logged', [], { cause: error });
}

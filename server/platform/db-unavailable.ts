import { AppError } from './errors.ts';

/**
 * The one mapping of "the database is away" to UNAVAILABLE (issue #14): an outage, a restart, a
 * failover or an overloaded server is no client mistake and no bug, so the answer is 503 with
 * Retry-After rather than a 500 — and the integrator's retry is safe (ingest deduplicates by
 * event id). Recognised by code only: postgres.js and Node socket errors, and the SQLSTATE classes
 * PostgreSQL uses for a connection that is going or gone.
 */
const CONNECTION_CODES = new Set([
  // Node sockets
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  // postgres.js
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections,
  // query_canceled (our statement timeout), idle session timeout, read-only after failover
  '57P01', '57P02', '57P03', '53300', '57014', '57P05', '25006',
]);

/** Seconds a client should wait before retrying while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  // Class 08: connection exceptions (08000, 08003, 08006, 08001, 08004, 08P01).
  return CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code);
}

export function databaseUnavailable(cause: unknown): AppError {
  return new AppError('UNAVAILABLE', `the database is unavailable; retry in ${DATABASE_RETRY_AFTER_SECONDS} seconds`, [], { cause });
}

import { AppError } from './errors.ts';

/**
 * The one mapping of PostgreSQL data errors to a client's mistake. Class 22 (data exception) is
 * what the database says when a value the request carried cannot be stored or compared: out of
 * range (22003, 22008), malformed (22P02, 22007), bad text (22021 NUL/encoding, 22P05 unicode
 * escape), too long (22001). None of them is a bug of ours worth a 500; each is a 400. The
 * database does not say which request field the value came from, so the field is the column when
 * the error names one, else the part of the request (`body`, `query`). The message never carries
 * the database's own text: that echoes the value, which may be a customer's phone number.
 */
const DATA_ERRORS: Record<string, string> = {
  '22001': 'is longer than the database allows',
  '22003': 'is out of range',
  '22007': 'is not a valid date or time',
  '22008': 'is outside the supported range of dates and times',
  '22012': 'cannot be used here (division by zero)',
  '22021': 'contains a character the database cannot store',
  '22023': 'has an invalid value',
  '22026': 'is longer than the database allows',
  '22P02': 'is not in the expected format',
  '22P05': 'contains a character the database cannot store',
  '2202E': 'is out of range',
};

interface PgLike {
  code?: unknown;
  column_name?: unknown;
  severity?: unknown;
}

/** Whether `error` came from PostgreSQL (postgres.js's PostgresError carries a SQLSTATE code and a severity). */
export const isDatabaseError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && typeof (error as PgLike).code === 'string' && typeof (error as PgLike).severity === 'string';

/** A class-22 PostgreSQL error as INVALID_INPUT naming the field where possible; undefined otherwise. */
export function dataErrorToAppError(error: unknown, fallbackField = 'request'): AppError | undefined {
  if (!isDatabaseError(error)) return undefined;
  const { code, column_name: column } = error as PgLike;
  const reason = typeof code === 'string' ? (DATA_ERRORS[code] ?? (code.startsWith('22') ? 'has a value the database cannot accept' : undefined)) : undefined;
  if (!reason) return undefined;
  const field = typeof column === 'string' && column ? column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()) : fallbackField;
  return new AppError('INVALID_INPUT', `${field}: ${reason}`, [{ field, reason }], { cause: error });
}

import pino, { type Logger } from 'pino';

export type { Logger };
export type LogModule = 'app' | 'db' | 'http' | 'realtime' | 'jobs' | 'bot' | 'import' | 'cli' | 'demo';

/**
 * Fields of a database error that carry the request's own values (a note with a phone number
 * ends up in `where: JSON data, line 1: …`, `detail`, the bound `parameters`, the query's text).
 * The serializer keeps what an operator needs to find the bug (SQLSTATE, routine, the stack's
 * frames) and drops these.
 */
const USER_TEXT_FIELDS = new Set(['where', 'detail', 'parameters', 'query', 'hint', 'internal_query', 'internal_position', 'position', 'args', 'types', 'body', 'input', 'issues', 'data']);
const KEPT_FIELDS = ['code', 'severity', 'severity_local', 'routine', 'file', 'line', 'schema_name', 'table_name', 'column_name', 'constraint_name', 'errno', 'syscall', 'address', 'port', 'status', 'type'];

/** A quoted value in a message ("invalid input syntax for type bigint: \"13812345678\"") becomes "…". */
const scrub = (text: string): string => text.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/'(?:[^'\\]|\\.)*'/g, "'…'").replace(/\d{6,}/g, '…');

/**
 * Errors as they may be logged: type, message and stack with quoted values and long digit runs
 * (phones, ID numbers) scrubbed, the database's diagnostic fields that name no user data, and the
 * cause chain — never `detail`, `where`, `parameters` or the query text.
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error) && (typeof error !== 'object' || error === null)) return typeof error === 'string' ? scrub(error) : error;
  const e = error as Error & Record<string, unknown>;
  const out: Record<string, unknown> = { type: e.constructor?.name ?? 'Error', message: scrub(String(e.message ?? '')) };
  if (typeof e.stack === 'string') out.stack = scrub(e.stack);
  for (const key of KEPT_FIELDS) if (key in e && !USER_TEXT_FIELDS.has(key) && e[key] !== undefined) out[key] = typeof e[key] === 'string' ? scrub(e[key] as string) : e[key];
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

/**
 * One structured logger; modules take a child with `module` set. Request data never reaches it:
 * the HTTP log line names the route pattern, and errors go through `serializeError`. Redaction
 * is a further line of defence: code must not pass customer PII or secrets to the logger at all.
 */
export function createLogger(options: { level: string; pretty?: boolean; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: logSerializers,
      redact: {
        paths: [
          'password', '*.password', 'secret', '*.secret', 'token', '*.token', 'authorization',
          '*.authorization', 'req.headers.authorization', 'req.headers.cookie', 'phone', '*.phone',
          'idNumber', '*.idNumber', 'id_number', '*.id_number', 'mobile', '*.mobile',
        ],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}

/** Serializers for any pino logger of the app (tests pass them to their own capturing logger too). */
export const logSerializers = {
  err: serializeError,
  error: serializeError,
  // A request or body object is never logged as is: only its method and route.
  req: (req: { method?: unknown; route?: { path?: unknown } }) => ({ method: req?.method, route: req?.route?.path }),
  body: () => '[omitted]',
};

export const moduleLogger = (root: Logger, module: LogModule): Logger => root.child({ module });

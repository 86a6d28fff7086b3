import type { Logger } from './logger.ts';

/**
 * The last line of defence of a long-running server (issue #14): an unhandled rejection or an
 * uncaught exception must not end the process when its state is still sound, and must never log
 * request data.
 *
 * - An unhandled rejection is a promise nobody awaited; the code that made it has already moved
 *   on and no state is half-changed by the throw itself. Logged, and the server keeps serving.
 * - An uncaught exception unwinds a synchronous stack at an unknown point; Node's documentation
 *   says resuming is unsafe in general. Only the known-harmless kinds are survived: network
 *   errors of a socket (the peer went away) and the database driver's connection machinery (a
 *   connection that is being torn down; postgres.js discards it and reconnects). Anything else is
 *   logged and the process exits with 1, so that the supervisor (systemd Restart=, a container
 *   restart policy — docs/deploy) starts a clean one.
 */
export interface ProcessGuardOptions {
  logger: Logger;
  /** How the process ends on an unsurvivable exception (tests inject it). */
  exit?: (code: number) => void;
}

const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTCONN', 'EAI_AGAIN',
  // postgres.js connection errors
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
]);

/** True when an uncaught exception leaves the process sound (see above). Pure. */
export function isSurvivable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  if (code && NETWORK_CODES.has(code)) return true;
  // A throw from inside postgres.js's connection module: it is about one connection, which the
  // driver drops and replaces; the pool and the app's state are untouched.
  const frames = (error.stack ?? '').split('\n').slice(1, 4);
  return frames.some((frame) => /[\\/]node_modules[\\/]postgres[\\/](src|cjs[\\/]src|cf[\\/]src)[\\/]connection\.js/.test(frame));
}

/**
 * What may be logged of an error that escaped every handler: its kind, code and where it was
 * thrown, never its message when that may carry user text (database errors quote the values).
 */
export function describeEscapedError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const e = error as Error & { code?: unknown; severity?: unknown; syscall?: unknown };
  const fromDatabase = e.name === 'PostgresError' || e.severity !== undefined;
  const frames = (e.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 8).map((l) => l.trim());
  return {
    name: e.name,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(fromDatabase ? {} : { message: e.message.slice(0, 200) }),
    frames,
  };
}

export function installProcessGuard(options: ProcessGuardOptions): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const log = options.logger.child({ module: 'app' });
  const onRejection = (reason: unknown) => {
    log.error({ error: describeEscapedError(reason) }, 'unhandled promise rejection (kept serving)');
  };
  const onException = (error: unknown) => {
    if (isSurvivable(error)) {
      log.error({ error: describeEscapedError(error) }, 'uncaught exception from a connection (kept serving)');
      return;
    }
    log.fatal({ error: describeEscapedError(error) }, 'uncaught exception; exiting so that the supervisor restarts a clean process');
    exit(1);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}

import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Config } from '../config.ts';
import type { AccessDeps } from '../domains/access/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';

/**
 * An administrator's operation (import a file, list job runs, later: create a user, an API key,
 * a display token). The same definition runs in the CLI's own process, or — when an embedded
 * server already holds the data folder — inside that server, asked over loopback
 * (server/http/control.routes.ts), so nobody has to stop the wall to add a user.
 */
export interface OperationContext {
  db: Db;
  clock: Clock;
  config: Readonly<Config>;
  logger: Logger;
  /** Who asked, for the record (e.g. `cli:root@host`). */
  actor: string;
  access: AccessDeps;
  /** The URL screens open (display-token URLs are built on it). */
  publicUrl: string;
  print(line: string): void;
  progress(label: string, done: number, total: number): void;
}

export interface Operation<A = unknown> {
  name: string;
  /** Validates the arguments wherever the operation runs (they may come over the wire). */
  args: z.ZodType<A>;
  run(ctx: OperationContext, args: A): Promise<void>;
}

export const defineOperation = <A>(operation: Operation<A>): Operation<A> => operation;

/** One line of the control stream (NDJSON) from a server running an operation for the CLI. */
export type ControlLine =
  | { type: 'print'; line: string }
  | { type: 'progress'; label: string; done: number; total: number }
  | { type: 'error'; code: string; message: string }
  | { type: 'done' };

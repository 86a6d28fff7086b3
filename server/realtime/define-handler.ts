import type { z } from 'zod';
import type { Ack, WireError } from '../contract/ack.ts';
import type { SocketData } from '../contract/events.ts';
import type { Principal } from '../domains/access/index.ts';
import { dataErrorToAppError } from '../platform/db-errors.ts';
import { databaseUnavailable, isDatabaseUnavailable } from '../platform/db-unavailable.ts';
import { isAppError } from '../platform/errors.ts';
import { findTextProblem } from '../platform/text-input.ts';
import type { Logger } from '../platform/logger.ts';

export interface HandlerContext {
  data: SocketData;
  /** Who is connected (authenticated at the handshake). */
  principal: Principal;
  socketId: string;
  logger: Logger;
  join(room: string): Promise<void> | void;
  leave(room: string): Promise<void> | void;
}

/**
 * The only try/catch around socket commands: validate the payload with its contract schema, run,
 * and answer through the ack with data or a wire error. Unknown errors are logged with their
 * stack and answered with a generic INTERNAL error.
 */
export function defineHandler<S extends z.ZodType, R>(
  name: string,
  schema: S,
  run: (payload: z.infer<S>, ctx: HandlerContext) => Promise<R>,
) {
  return (ctx: HandlerContext) =>
    async (payload: unknown, ack: unknown): Promise<void> => {
      const reply = typeof ack === 'function' ? (ack as (a: Ack<R>) => void) : () => {};
      const started = Date.now();
      // The one text sanitation step, as on HTTP: a control character is refused, naming the field.
      const problem = findTextProblem(payload, '');
      if (problem) {
        const field = problem.field === 'body' ? 'payload' : problem.field;
        reply({ ok: false, error: { code: 'INVALID_INPUT', message: `${field}: ${problem.reason}`, issues: [{ field, reason: problem.reason }] } });
        return;
      }
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'payload', reason: i.message }));
        reply({ ok: false, error: { code: 'INVALID_INPUT', message: `${issues[0]!.field}: ${issues[0]!.reason}`, issues } });
        return;
      }
      try {
        const data = await run(parsed.data, ctx);
        reply({ ok: true, data });
        ctx.logger.debug({ command: name, ms: Date.now() - started }, 'socket command');
      } catch (error) {
        reply({ ok: false, error: toWireError(error, ctx.logger, name) });
      }
    };
}

function toWireError(raw: unknown, logger: Logger, command: string): WireError {
  let error = dataErrorToAppError(raw, 'payload') ?? raw;
  if (isDatabaseUnavailable(error)) error = databaseUnavailable(error);
  if (isAppError(error) && error.code !== 'INTERNAL') {
    return { code: error.code, message: error.message, ...(error.issues.length ? { issues: error.issues } : {}) };
  }
  logger.error({ err: error, command }, 'socket command failed');
  return { code: 'INTERNAL', message: 'internal error; it has been logged' };
}

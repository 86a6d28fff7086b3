import { timingSafeEqual } from 'node:crypto';
import express, { Router } from 'express';
import { z } from 'zod';
import type { ControlLine, Operation, OperationContext } from '../operations/operation.ts';
import { AppError, isAppError } from '../platform/errors.ts';
import { parseInput } from '../platform/validate.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const RequestSchema = z.object({ operation: z.string().min(1), args: z.unknown(), actor: z.string().max(200).optional() });

/**
 * `POST /internal/control`: runs an administrator's operation for the CLI while this embedded
 * server holds the data folder. Only from loopback, and only with the secret this server wrote
 * into the data folder at start (readable by whoever may read the database files anyway). The
 * answer streams NDJSON lines (print, progress, then done or error) so long imports show progress.
 */
export function createControlRouter(deps: {
  secret: string;
  operations: Map<string, Operation<never>>;
  context: (actor: string) => Omit<OperationContext, 'print' | 'progress'>;
}): Router {
  const router = Router();
  const expected = Buffer.from(deps.secret);
  router.use((req, _res, next) => {
    const given = Buffer.from(req.get('x-touchstone-control') ?? '');
    const fromLoopback = LOOPBACK.has(req.socket.remoteAddress ?? '');
    if (!fromLoopback || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AppError('FORBIDDEN', 'the control endpoint answers only the CLI on this machine');
    }
    next();
  });
  router.post('/', express.json({ limit: '200mb' }), async (req, res) => {
    const body = parseInput(RequestSchema, req.body);
    const operation = deps.operations.get(body.operation);
    if (!operation) throw new AppError('NOT_FOUND', `no operation named ${body.operation}`);
    const args = parseInput(operation.args, body.args, 'args');
    res.status(200).type('application/x-ndjson');
    const write = (line: ControlLine) => res.write(`${JSON.stringify(line)}\n`);
    try {
      await operation.run(
        {
          ...deps.context(body.actor ?? 'cli'),
          print: (line) => write({ type: 'print', line }),
          progress: (label, done, total) => write({ type: 'progress', label, done, total }),
        },
        args as never,
      );
      write({ type: 'done' });
    } catch (error) {
      const appError = isAppError(error) ? error : undefined;
      write({ type: 'error', code: appError?.code ?? 'INTERNAL', message: appError?.message ?? 'internal error; see the server log' });
      if (!appError) throw error;
    } finally {
      res.end();
    }
  });
  return router;
}

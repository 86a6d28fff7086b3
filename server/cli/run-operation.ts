import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../../db/client.ts';
import { readLockHolder } from '../../db/data-dir-lock.ts';
import { migrate } from '../../db/migrate.ts';
import type { Config } from '../config.ts';
import type { ControlLine } from '../operations/operation.ts';
import { operations } from '../operations/index.ts';
import { systemClock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import { parseInput } from '../platform/validate.ts';
import { createLogger } from '../platform/logger.ts';
import { createAccessDeps } from '../wiring/access-wiring.ts';
import { createProgressPrinter } from './progress.ts';

export interface CliIo {
  out(line: string): void;
}

/**
 * Runs an operation where the data is. On PostgreSQL, or when no server holds the embedded data
 * folder, the CLI opens the database itself. When an embedded server is running, the folder is
 * locked (two PGlite writers lose data), so the CLI asks that server over loopback with the
 * secret it left in the folder.
 */
export async function runOperation(config: Readonly<Config>, name: string, args: unknown, io: CliIo): Promise<void> {
  const operation = operations.get(name);
  if (!operation) throw new AppError('NOT_FOUND', `no operation named ${name}`);
  const actor = `cli:${os.userInfo().username}@${os.hostname()}`;
  const holder = config.db.databaseUrl ? undefined : readLockHolder(config.db.dataDir);
  if (holder && typeof holder.controlUrl === 'string') return runRemotely(config, holder.controlUrl, name, args, actor, io);
  if (holder) throw new AppError('CONFLICT', `process ${holder.pid} holds ${config.db.dataDir} but is not serving yet; try again in a moment`);

  const db = await createDb({ databaseUrl: config.db.databaseUrl, dataDir: config.db.dataDir, poolMax: 2, applicationName: 'touchstone-cli' });
  const progress = createProgressPrinter();
  try {
    await migrate(db.sql, { log: io.out });
    const parsed = parseInput(operation.args, args);
    await operation.run(
      {
        db, clock: systemClock, config, actor, logger: createLogger({ level: 'warn' }), access: createAccessDeps(db, systemClock, config),
        publicUrl: config.http.publicUrl ?? `http://localhost:${config.http.port}`,
        print: (line) => { progress.end(); io.out(line); },
        progress: (label, done, total) => progress.update(label, done, total),
      },
      parsed as never,
    );
  } finally {
    progress.end();
    await db.close();
  }
}

async function runRemotely(config: Readonly<Config>, url: string, name: string, args: unknown, actor: string, io: CliIo): Promise<void> {
  const secret = fs.readFileSync(path.join(config.db.dataDir, 'control.secret'), 'utf8').trim();
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-touchstone-control': secret },
      body: JSON.stringify({ operation: name, args, actor }),
    });
  } catch {
    throw new AppError('UNAVAILABLE', `the running server (${url}) did not answer; is it starting or stopping?`);
  }
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    throw new AppError('UNAVAILABLE', body?.error?.message ?? `the running server answered ${response.status}`);
  }
  const progress = createProgressPrinter();
  let finished = false;
  try {
    for await (const line of ndjsonLines(response.body)) {
      if (line.type === 'print') { progress.end(); io.out(line.line); }
      else if (line.type === 'progress') progress.update(line.label, line.done, line.total);
      else if (line.type === 'error') throw new AppError(line.code as never, line.message);
      else finished = true;
    }
  } finally {
    progress.end();
  }
  if (!finished) throw new AppError('UNAVAILABLE', 'the running server stopped before the operation finished');
}

async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<ControlLine> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (text) yield JSON.parse(text) as ControlLine;
    }
  }
}

import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { DataDirLockedError, readLockHolder } from '../../db/data-dir-lock.ts';
import { MigrationError } from '../../db/migrate.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { IMPORT_ENTITIES } from '../domains/imports/index.ts';
import { isAppError } from '../platform/errors.ts';
import { registerAccessCommands } from './access.commands.ts';
import { runDemo } from './demo.command.ts';
import { DEFAULT_HISTORY_MONTHS } from '../demo/seed-demo-history.ts';
import { registerSimulateCommand } from './simulate.command.ts';
import { runOperation } from './run-operation.ts';
import { serveUntilSignalled } from './serve.command.ts';

/**
 * `touchstone <command>`: errors are one line on stderr (`touchstone: …`) and a non-zero exit
 * (2 for usage mistakes, 1 otherwise). Later capabilities add their commands here (users, API keys,
 * display tokens) as operations, so they also work while an embedded server runs.
 */
export async function runCli(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  let exitCode = 0;
  let config: Readonly<Config> | undefined;
  const getConfig = () => (config ??= loadConfig(env));
  const program = new Command('touchstone')
    .description('Touchstone — real-time service-standards supervision for retail banks (规范化服务监督)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program.command('serve').description('serve the web app, API, Socket.IO and bot (npm start)')
    .action(async () => { exitCode = await serveUntilSignalled(getConfig()); });
  program.command('demo').description('build what is missing, create the demo bank once, and serve it (npm run demo)')
    // A demo is shown at any hour: its chats have no quiet hours unless BOT_QUIET_HOURS says so.
    .option('--history-months <n>', 'months of past figures and complaints created on the first run (0 = none)', String(DEFAULT_HISTORY_MONTHS))
    .action(async (opts: { historyMonths: string }) => {
      const historyMonths = Number(opts.historyMonths);
      if (!Number.isInteger(historyMonths) || historyMonths < 0 || historyMonths > 36) throw new UsageError('--history-months must be a whole number from 0 to 36');
      exitCode = await runDemo(loadConfig({ BOT_QUIET_HOURS: 'off', ...env }), out, { historyMonths });
    });
  program.command('migrate').description('apply pending database migrations')
    .action(async () => runOperation(getConfig(), 'migrate', {}, { out }));
  program.command('import').description(`import master data from a CSV file, all or nothing (${IMPORT_ENTITIES.join(', ')})`)
    .argument('<entity>', IMPORT_ENTITIES.join(' | '))
    .argument('<file>', 'a UTF-8 CSV file with a header row')
    .action(async (entity: string, file: string) => {
      if (!(IMPORT_ENTITIES as readonly string[]).includes(entity)) throw new UsageError(`unknown entity "${entity}"; use one of ${IMPORT_ENTITIES.join(', ')}`);
      const content = readInputFile(file);
      await runOperation(getConfig(), 'import', { entity, fileName: path.basename(file), contentBase64: content.toString('base64') }, { out });
    });
  const jobs = program.command('jobs').description('scheduled jobs');
  jobs.command('runs').description('latest job runs, newest first')
    .option('--job <name>', 'only this job').option('--limit <n>', 'how many', '20')
    .action(async (opts: { job?: string; limit: string }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a whole number above 0');
      await runOperation(getConfig(), 'jobs.runs', { job: opts.job, limit }, { out });
    });
  registerAccessCommands(program, getConfig, { out });
  program.command('awards').description('service stars (服务明星)')
    .command('run').description('award the month\'s service stars (the current month: a preview); idempotent, announces once')
    .requiredOption('--month <YYYY-MM>', 'the month')
    .action(async (opts: { month: string }) => {
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(opts.month)) throw new UsageError('--month must be YYYY-MM');
      await runOperation(getConfig(), 'awards.run', { month: opts.month }, { out });
    });
  registerSimulateCommand(program, getConfig, { out });
  program.command('status').description('is a server running on this data folder?')
    .action(() => {
      const c = getConfig();
      const holder = c.db.databaseUrl ? undefined : readLockHolder(c.db.dataDir);
      out(holder ? `running: pid ${holder.pid} on port ${String(holder.port ?? '?')} since ${holder.startedAt}` : 'no server holds this data folder');
    });

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    return reportError(error);
  }
}

class UsageError extends Error {}

function readInputFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${code ?? String(error)}`);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has printed its own message (or help/version, which are not errors).
    return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
  }
  const line = (message: string) => process.stderr.write(`touchstone: ${message}\n`);
  if (error instanceof UsageError) return line(error.message), 2;
  if (error instanceof ConfigError) return line(`configuration: ${error.message}`), 1;
  if (error instanceof DataDirLockedError || error instanceof MigrationError || isAppError(error)) return line(error.message), 1;
  line(`unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
}

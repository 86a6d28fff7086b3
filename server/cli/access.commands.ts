import type { Command } from 'commander';
import { INGEST_EVENT_TYPES } from '../contract/payloads/access.ts';
import type { Config } from '../config.ts';
import { runOperation, type CliIo } from './run-operation.ts';

/** `touchstone user …`, `touchstone display-token …`, `touchstone apikey …` (also while a server runs). */
export function registerAccessCommands(program: Command, getConfig: () => Readonly<Config>, io: CliIo): void {
  const run = (operation: string, args: unknown) => runOperation(getConfig(), operation, args, io);

  const user = program.command('user').description('web users: create, list, reset a password, deactivate');
  user.command('create').description('create a user; without --password one is generated and printed once')
    .argument('<username>', '3–32 lowercase letters, digits, . _ -')
    .requiredOption('--role <role>', 'admin | leader | region_manager | inspector | complaint_handler | branch_head | staff')
    .requiredOption('--scope <scope>', 'bank | region:<code> | branch:<code>')
    .option('--name <display name>', 'shown in the app (default: the username)')
    .option('--staff <code>', 'link to a staff record (and so a Feishu identity)')
    .option('--password <password>', 'at least 12 characters (avoid: it stays in shell history)')
    .action((username: string, o: { role: string; scope: string; name?: string; staff?: string; password?: string }) =>
      run('user.create', { username, displayName: o.name ?? username, role: o.role, scope: o.scope, staffCode: o.staff, password: o.password }));
  user.command('list').description('every user with role, scope and last login').action(() => run('user.list', {}));
  user.command('reset-password').argument('<username>').description('generate a new password (printed once) and end their sessions')
    .action((username: string) => run('user.reset-password', { username }));
  user.command('deactivate').argument('<username>').description('block a user and end their sessions')
    .action((username: string) => run('user.deactivate', { username }));

  const displayToken = program.command('display-token').description('wall screens: read-only, scoped, revocable URLs');
  displayToken.command('create').description('create a screen URL (printed once)')
    .requiredOption('--scope <scope>', 'bank | region:<code> | branch:<code>')
    .option('--name <name>', 'which screen, e.g. 总行会议室', 'wall screen')
    .option('--expires-in <days>', 'the URL stops working after this many days (default: never)')
    .action((o: { scope: string; name: string; expiresIn?: string }) =>
      run('display-token.create', { name: o.name, scope: o.scope, ...(o.expiresIn !== undefined ? { expiresInDays: o.expiresIn } : {}) }));
  displayToken.command('list').action(() => run('display-token.list', {}));
  displayToken.command('revoke').argument('<id>').description('the screen disconnects within seconds')
    .action((id: string) => run('display-token.revoke', { id }));

  const apikey = program.command('apikey').description('integrator API keys: scoped to branches and event types');
  apikey.command('create').description('create a key (printed once)')
    .requiredOption('--scope <scope>', 'bank | region:<code> | branch:<code>')
    .requiredOption('--events <types>', `comma-separated: ${INGEST_EVENT_TYPES.join(', ')}, or all`)
    .option('--name <name>', 'who uses it, e.g. 排队机 queue system', 'integration')
    .action((o: { scope: string; events: string; name: string }) => {
      const eventTypes = o.events === 'all' ? [...INGEST_EVENT_TYPES] : o.events.split(',').map((e) => e.trim()).filter(Boolean);
      return run('apikey.create', { name: o.name, scope: o.scope, eventTypes });
    });
  apikey.command('list').action(() => run('apikey.list', {}));
  apikey.command('revoke').argument('<id>').action((id: string) => run('apikey.revoke', { id }));
}

import { z } from 'zod';
import { CreateApiKeySchema, CreateDisplayTokenSchema, CreateUserSchema } from '../contract/payloads/access.ts';
import {
  createCredential, createUser, listCredentials, listUsers, resetPassword, revokeCredential, scopeText, updateUser, wallUrl,
  type Actor, type CredentialTable,
} from '../domains/access/index.ts';
import { defineOperation, type OperationContext } from './operation.ts';

/** The CLI acts as the system, on the record as `cli:<os user>@<host>`, channel cli. */
const actorOf = (ctx: OperationContext): Actor => ({ principal: { kind: 'system', name: ctx.actor }, channel: 'cli', requestId: null });
const date = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '—');

/** `touchstone user create <username> --role … --scope …`: prints a generated password once when none is given. */
export const userCreateOperation = defineOperation({
  name: 'user.create',
  args: CreateUserSchema,
  async run(ctx, args) {
    const { user, generatedPassword } = await createUser(ctx.access, actorOf(ctx), args);
    ctx.print(`created user ${user.username} (${user.role}, ${scopeText(user.scope)})`);
    if (generatedPassword) ctx.print(`password: ${generatedPassword}`);
  },
});

export const userListOperation = defineOperation({
  name: 'user.list',
  args: z.object({}).default({}),
  async run(ctx) {
    const users = await listUsers(ctx.access);
    if (users.length === 0) return ctx.print('no users yet; create the first with `touchstone user create <name> --role admin --scope bank`');
    for (const u of users) {
      ctx.print(`${u.username.padEnd(20)} ${u.role.padEnd(18)} ${scopeText(u.scope).padEnd(18)} ${u.active ? 'active' : 'inactive'}  last login ${date(u.lastLoginAt)}`);
    }
  },
});

export const userResetPasswordOperation = defineOperation({
  name: 'user.reset-password',
  args: z.object({ username: z.string().min(1) }),
  async run(ctx, args) {
    const { generatedPassword } = await resetPassword(ctx.access, actorOf(ctx), args.username);
    ctx.print(`password of ${args.username} reset; their sessions ended`);
    ctx.print(`password: ${generatedPassword}`);
  },
});

export const userDeactivateOperation = defineOperation({
  name: 'user.deactivate',
  args: z.object({ username: z.string().min(1) }),
  async run(ctx, args) {
    await updateUser(ctx.access, actorOf(ctx), args.username, { active: false });
    ctx.print(`deactivated ${args.username}; their sessions ended`);
  },
});

function credentialOperations(table: CredentialTable, name: 'display-token' | 'apikey') {
  const create = defineOperation({
    name: `${name}.create`,
    args: (table === 'api_keys' ? CreateApiKeySchema : CreateDisplayTokenSchema) as z.ZodType<{ name: string; scope: string; eventTypes?: string[]; expiresInDays?: number }>,
    async run(ctx, args) {
      const { credential, secret } = await createCredential(ctx.access, actorOf(ctx), table, args);
      ctx.print(`created ${name} ${credential.id} "${credential.name}" for ${scopeText(credential.scope)}; shown once, keep it safe:`);
      ctx.print(table === 'api_keys' ? `key: ${secret}` : `url: ${wallUrl(ctx.publicUrl, credential.scope, secret)}`);
      if (credential.expiresAt) ctx.print(`expires ${credential.expiresAt.toISOString()}`);
    },
  });
  const list = defineOperation({
    name: `${name}.list`,
    args: z.object({}).default({}),
    async run(ctx) {
      const items = await listCredentials(ctx.access, table);
      if (items.length === 0) return ctx.print(`no ${name}s yet`);
      for (const c of items) {
        const state = c.revokedAt ? `revoked ${date(c.revokedAt)}` : `last used ${date(c.lastUsedAt)}${c.expiresAt ? `, expires ${date(c.expiresAt)}` : ''}`;
        ctx.print(`${c.id.padStart(4)}  ${c.prefix}…  ${c.name.padEnd(20)} ${scopeText(c.scope).padEnd(18)} ${c.eventTypes.join(',')}  ${state}`);
      }
    },
  });
  const revoke = defineOperation({
    name: `${name}.revoke`,
    args: z.object({ id: z.string().min(1) }),
    async run(ctx, args) {
      const c = await revokeCredential(ctx.access, actorOf(ctx), table, args.id);
      ctx.print(`revoked ${name} ${c.id} "${c.name}"`);
    },
  });
  return [create, list, revoke];
}

export const accessOperations = [
  userCreateOperation, userListOperation, userResetPasswordOperation, userDeactivateOperation,
  ...credentialOperations('display_tokens', 'display-token'),
  ...credentialOperations('api_keys', 'apikey'),
];

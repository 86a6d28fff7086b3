/** Chat bindings: which group chat or robot speaks for a unit; managed by administrators, audited. */
import type { Sql } from '../../../db/types.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit, resolveScope, type Actor } from '../access/index.ts';
import { findBranchUnitByCode, findRegionUnitByCode } from '../org/index.ts';
import { deleteBinding, insertBinding, selectBinding, selectBindings, selectChatsFor, selectRobotSecret } from './chat-binding.repo.ts';
import type { ChatBinding, ChatBindingInput } from './chat-binding.types.ts';
import { parseQuietHours } from './outbox.rules.ts';

/** Robots are addressed by URL and authenticated by a query parameter (a bank may route them through a proxy). */
const ROBOT_KEY_PARAM: Record<string, string> = { wecom: 'key', dingtalk: 'access_token' };

/** A robot URL carries its key: shown as its host and the last 4 characters only. */
export function maskRobotUrl(url: string): string {
  return `${URL.canParse(url) ? new URL(url).host : 'robot'}/…${url.slice(-4)}`;
}

export function maskBinding(binding: ChatBinding): Omit<ChatBinding, 'secret'> & { hasSecret: boolean } {
  const { secret, ...rest } = binding;
  const chatId = binding.channel === 'wecom' || binding.channel === 'dingtalk' ? maskRobotUrl(binding.chatId) : binding.chatId;
  return { ...rest, chatId, hasSecret: Boolean(secret) };
}

export const listChatBindings = async (sql: Sql) => (await selectBindings(sql)).map(maskBinding);

export async function addChatBinding(deps: { sql: Sql; clock: Clock }, actor: Actor, input: ChatBindingInput) {
  if (input.quietHours && !parseQuietHours(input.quietHours)) throw AppError.invalid('quietHours', 'must be HH:MM-HH:MM in bank time');
  const keyParam = ROBOT_KEY_PARAM[input.channel];
  if (keyParam) {
    const url = URL.canParse(input.chatId) ? new URL(input.chatId) : undefined;
    if (!url || !/^https?:$/.test(url.protocol) || !url.searchParams.get(keyParam)) {
      throw AppError.invalid('chatId', `a ${input.channel} robot is bound by its webhook URL, with its ${keyParam}= parameter`);
    }
  } else if (input.channel === 'feishu' && !/^oc_[A-Za-z0-9]+$/.test(input.chatId)) {
    throw AppError.invalid('chatId', 'a Feishu group chat id starts with oc_');
  }
  if (input.secret && input.channel !== 'dingtalk') throw AppError.invalid('secret', 'only DingTalk robots sign (加签)');
  const scope = await resolveScope(deps.sql, input.scope);
  const now = deps.clock.now();
  return deps.sql.begin(async (tx) => {
    const id = await insertBinding(tx, {
      ...input,
      regionId: scope.kind === 'region' ? Number(scope.regionId) : null,
      branchId: scope.kind === 'branch' ? Number(scope.branchId) : null,
    }, now);
    if (id === undefined) throw new AppError('CONFLICT', 'this chat is already bound for that purpose');
    await recordAudit(tx, actor, { action: 'chat_bindings.create', targetType: 'chat_binding', targetId: String(id), summary: { scope: input.scope, purpose: input.purpose, channel: input.channel } }, now);
    return maskBinding((await selectBinding(tx, id))!);
  });
}

export async function removeChatBinding(deps: { sql: Sql; clock: Clock }, actor: Actor, id: number): Promise<void> {
  const now = deps.clock.now();
  await deps.sql.begin(async (tx) => {
    if (!(await deleteBinding(tx, id))) throw new AppError('NOT_FOUND', `no chat binding ${id}`);
    await recordAudit(tx, actor, { action: 'chat_bindings.delete', targetType: 'chat_binding', targetId: String(id) }, now);
  });
}

export const robotSecret = (sql: Sql, url: string) => selectRobotSecret(sql, url);

/** Where alerts of a purpose go for `branch:<code>`, `region:<code>` or `bank`. */
export async function chatsFor(sql: Sql, purpose: 'alerts' | 'leadership' | 'ops', scope: string): Promise<Array<{ channel: string; chatId: string }>> {
  if (scope === 'bank') return selectChatsFor(sql, purpose, { branchId: null, regionIds: [] });
  const [kind, code] = scope.split(':') as [string, string];
  const unit = kind === 'branch' ? await findBranchUnitByCode(sql, code) : await findRegionUnitByCode(sql, code);
  if (!unit) return [];
  return selectChatsFor(sql, purpose, { branchId: kind === 'branch' ? unit.id : null, regionIds: kind === 'region' ? [...new Set([...unit.regionIds, unit.id])] : unit.regionIds });
}
